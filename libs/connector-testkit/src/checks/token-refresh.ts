import {
  fail,
  formatError,
  pass,
  writeNotApplicable,
  type Check,
  type CheckContext,
  type Connected,
} from '../check';
import type { ConformanceTarget } from '../target';

const BATCH = 5;

/**
 * Writes a batch of new items after `expire` ran and checks that the connector asked for one
 * new token, that at most one write call was refused, and that the accepted writes carried each
 * item exactly once. `expire` gets the number of write calls the batch takes.
 */
async function batchAfterExpiry(
  context: CheckContext,
  connected: Connected,
  first: number,
  expire: (writes: number) => Promise<void>,
  step: string,
): Promise<{ refused: number }> {
  const { target } = context;
  const tokensBefore = await target.tokenCalls();
  const writesBefore = (await target.writeCalls()).length;

  const size = context.batch(BATCH);
  await expire(Math.ceil(size / context.definition.limits.maxBatchSize));
  const items = context.validItems(first, size);
  await context.writeAll(connected, items, step);

  const refreshes = (await target.tokenCalls()) - tokensBefore;
  if (refreshes !== 1) fail(`${step}: ${refreshes} token requests for one expiry, expected 1`);
  const writes = (await target.writeCalls()).slice(writesBefore);
  const refused = writes.filter((call) => call.refused === true).length;
  const written = writes
    .filter((call) => call.refused !== true)
    .reduce((sum, call) => sum + call.records, 0);
  if (refused > 1) fail(`${step}: ${refused} write calls were refused; replay the batch once`);
  if (written !== items.length) {
    fail(
      `${step}: accepted write calls carried ${written} ${context.writer.noun}s for a batch of ${size}`,
    );
  }
  const duplicates = await context.duplicates(items.map((item) => item.marker));
  if (duplicates.length > 0) fail(`${step}: ${duplicates.join('; ')}`);

  return { refused };
}

function tokenNotApplicable(target: ConformanceTarget): string | undefined {
  if (target.definition.auth.scheme === 'api_key') {
    return 'API-key auth has no access token to expire';
  }

  return writeNotApplicable(target);
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
      return pass(
        `expired between batches: 1 token refresh, every ${context.writer.noun} written once`,
      );
    }

    // A batch of several write calls (one per message) expires in its middle.
    const { refused } = await batchAfterExpiry(
      context,
      connected,
      BATCH,
      (writes) => expireMidBatch(Math.floor(writes / 2)),
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
