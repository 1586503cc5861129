import '@app/sandbox/unset-proxy-env';

import { slackConformance, startSandbox, type Sandbox } from '@app/sandbox';
import type {
  ConnectorClient,
  ConnectorDefinition,
  NotifyMessage,
  NotifyResult,
} from '@libs/connector-sdk';
import {
  formatReport,
  runConformance,
  type CheckId,
  type CheckResult,
} from '@libs/connector-testkit';
import { slackConnector } from '@plugins/slack';

import { expectFailedCheck, forwardingClient } from '../support/broken-connectors';

type Notify = (messages: NotifyMessage[]) => Promise<NotifyResult[]>;

/**
 * The real Slack connector with its notify replaced; `replace` gets the real client's notify,
 * the client, and a way to create further clients on the same connection.
 */
function brokenSlack(
  replace: (notify: Notify, client: ConnectorClient, create: () => ConnectorClient) => Notify,
): ConnectorDefinition {
  return {
    ...slackConnector,
    create: (context) => {
      const client = slackConnector.create(context);
      const notify: Notify = (messages) => notifyThrough(client, messages);

      return {
        ...forwardingClient(client),
        notify: replace(notify, client, () => slackConnector.create(context)),
      };
    },
  };
}

function notifyThrough(
  client: ConnectorClient,
  messages: NotifyMessage[],
): Promise<NotifyResult[]> {
  if (!client.notify) throw new Error('the Slack connector must notify');

  return client.notify(messages);
}

/** Posts one message at a time, each through `post`, in order. */
async function oneByOne(
  messages: NotifyMessage[],
  post: (message: NotifyMessage, previous: NotifyResult | undefined) => Promise<NotifyResult>,
): Promise<NotifyResult[]> {
  const results: NotifyResult[] = [];
  for (const message of messages) results.push(await post(message, results.at(-1)));

  return results;
}

async function first(notify: Notify, message: NotifyMessage): Promise<NotifyResult> {
  const [result] = await notify([message]);

  return result;
}

describe('runConformance against the Slack connector and deliberately broken ones', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  /** Runs one check; expects it to fail, and the table to show it failed. */
  async function failedCheck(definition: ConnectorDefinition, id: CheckId): Promise<CheckResult> {
    const target = { ...slackConformance(sandbox), definition };

    return expectFailedCheck(await runConformance(target, { only: [id] }), id);
  }

  it('passes the unchanged connector on every check that applies to messages', async () => {
    const report = await runConformance(slackConformance(sandbox));

    expect(report.checks.map((check) => [check.id, check.status])).toEqual([
      ['test-connection', 'pass'],
      ['bad-credentials', 'pass'],
      ['describe', 'not_applicable'],
      ['recommended-mappings', 'not_applicable'],
      ['result-order', 'pass'],
      ['partial-batch', 'pass'],
      ['error-cases', 'pass'],
      ['retry-after', 'pass'],
      ['token-refresh', 'pass'],
      ['replay', 'not_applicable'],
      ['limits', 'pass'],
    ]);
    expect(report.checks.find((check) => check.id === 'replay')?.reason).toMatch(
      /^messages are posted, not upserted: .* the host records each delivery/,
    );
    expect(formatReport(report)).toContain('11 checks: 8 passed, 0 failed, 3 not applicable');
  }, 90_000);

  it('fails result order when the connector answers in reverse', async () => {
    const reversed = brokenSlack(
      (notify) => async (messages) => (await notify(messages)).reverse(),
    );

    const check = await failedCheck(reversed, 'result-order');

    expect(check.title).toBe('returns results in input order');
    expect(check.reason).toMatch(
      /^posting the shuffled batch: result 0 has key result-order:\d, expected result-order:\d \(results must follow input order\)$/,
    );
  }, 30_000);

  it('fails the mixed batch when the connector drops the neighbour of a refused message', async () => {
    const dropsNeighbours = brokenSlack(
      (notify) => (messages) =>
        oneByOne(messages, (message, previous) =>
          previous && !previous.ok
            ? Promise.resolve({ key: message.key, ok: false, error: previous.error })
            : first(notify, message),
        ),
    );

    const check = await failedCheck(dropsNeighbours, 'partial-batch');

    expect(check.title).toBe('writes the good records of a batch that holds bad ones');
    expect(check.reason).toContain(
      'good message partial-batch:2 failed as DATA_VALUE_VALIDATION (invalid_blocks:',
    );
    expect(check.reason).toContain('0 delivered messages carry lead.2@conformance.example.com');
  }, 30_000);

  it('fails Retry-After when the connector drops the wait Slack asked for', async () => {
    const withoutWait = (result: NotifyResult): NotifyResult => {
      if (result.ok) return result;
      const { retryAfterMs: _dropped, ...error } = result.error;

      return { ...result, error };
    };
    const forgetful = brokenSlack(
      (notify) => async (messages) => (await notify(messages)).map(withoutWait),
    );

    const check = await failedCheck(forgetful, 'retry-after');

    expect(check.reason).toBe(
      'reported retryAfterMs undefined, the vendor said Retry-After 2 s (2000 ms)',
    );
  }, 30_000);

  it('fails the token check when the connector refreshes before every message', async () => {
    const eager = brokenSlack(
      (notify, client) => (messages) =>
        oneByOne(messages, async (message) => {
          await client.refreshCredentials();

          return first(notify, message);
        }),
    );

    const check = await failedCheck(eager, 'token-refresh');

    expect(check.reason).toMatch(
      /^token expired between batches: \d+ token requests for one expiry, expected 1$/,
    );
  }, 60_000);

  it('fails the limits check when the connector posts without keeping the rate', async () => {
    // A fresh client per message: no client keeps the spacing of the one before.
    const hasty = brokenSlack(
      (_notify, _client, create) => (messages) =>
        oneByOne(messages, async (message) => {
          const [result] = await notifyThrough(create(), [message]);

          return result;
        }),
    );

    const check = await failedCheck(hasty, 'limits');

    expect(check.reason).toBe('3 write calls within 1000 ms; the declared limit is 1');
  }, 30_000);
});
