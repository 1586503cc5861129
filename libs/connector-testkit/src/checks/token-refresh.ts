import type { ConnectorDefinition } from '@libs/connector-sdk';

import {
  fail,
  formatError,
  pass,
  upsertNotApplicable,
  type Check,
  type CheckContext,
  type Connected,
} from '../check';

const BATCH = 5;

/**
 * Upserts a batch of new people after `expire` ran and checks that the connector asked for one
 * new token, that at most `maxRefused` write calls were refused, and that the accepted writes
 * carried each record exactly once.
 */
async function batchAfterExpiry(
  context: CheckContext,
  connected: Connected,
  first: number,
  expire: () => Promise<void>,
  step: string,
): Promise<{ refused: number }> {
  const { target } = context;
  const tokensBefore = await target.tokenCalls();
  const writesBefore = (await target.writeCalls()).length;

  await expire();
  const size = Math.min(BATCH, context.definition.limits.maxBatchSize);
  const records = context.validRecords(first, size);
  await context.writeAll(connected, records, step);

  const refreshes = (await target.tokenCalls()) - tokensBefore;
  if (refreshes !== 1) fail(`${step}: ${refreshes} token requests for one expiry, expected 1`);
  const writes = (await target.writeCalls()).slice(writesBefore);
  const refused = writes.filter((call) => call.refused === true).length;
  const written = writes
    .filter((call) => call.refused !== true)
    .reduce((sum, call) => sum + call.records, 0);
  if (refused > 1) fail(`${step}: ${refused} write calls were refused; replay the batch once`);
  if (written !== records.length) {
    fail(`${step}: accepted write calls carried ${written} records for a batch of ${size}`);
  }
  const duplicates = await context.duplicates(records.map((record) => record.matchEmail));
  if (duplicates.length > 0) fail(`${step}: ${duplicates.join('; ')}`);

  return { refused };
}

function tokenNotApplicable(definition: ConnectorDefinition): string | undefined {
  if (definition.auth.scheme === 'api_key') return 'API-key auth has no access token to expire';

  return upsertNotApplicable(definition);
}

export const tokenRefreshCheck: Check = {
  id: 'token-refresh',
  title: 'refreshes an expired token once and replays the batch once',
  whyNotApplicable: tokenNotApplicable,
  async run(context: CheckContext) {
    const { target } = context;
    const connected = await context.start();
    const warmUp = await connected.client.testConnection();
    if (!warmUp.ok) {
      const error = warmUp.error ? `: ${formatError(warmUp.error)}` : '';
      fail(`testConnection failed before any token expired${error}`);
    }

    await batchAfterExpiry(
      context,
      connected,
      0,
      () => target.expireAccessTokens(),
      'token expired between batches',
    );
    const expireMidBatch = target.expireAccessTokenAtNextWrite?.bind(target);
    if (!expireMidBatch) {
      return pass('expired between batches: 1 token refresh, every record written once');
    }

    const { refused } = await batchAfterExpiry(
      context,
      connected,
      BATCH,
      expireMidBatch,
      'token expired mid-batch',
    );
    if (refused !== 1) {
      fail('token expired mid-batch: the emulator refused no write call, so nothing was replayed');
    }

    return pass(
      'between batches and mid-batch: 1 token refresh each, the refused write replayed once',
    );
  },
};
