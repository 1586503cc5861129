import '../unset-proxy-env';

import type { ConnectorClient, Credentials, NotifyResult } from '@libs/connector-sdk';

import { startSandbox, type Sandbox } from '../index';
import { slackConformance, type SlackConformanceTarget } from './conformance';

let sandbox: Sandbox;
let target: SlackConformanceTarget;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  target = slackConformance(sandbox);
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(async () => {
  await target.reset();
});

function connected(connection: { credentials: Credentials; settings: Record<string, string> }) {
  const reported: Credentials[] = [];
  const client = target.definition.create({
    ...connection,
    onCredentialsChanged: async (next) => {
      reported.push(next);
    },
  });

  return { client, reported };
}

async function post(client: ConnectorClient, index: number): Promise<NotifyResult> {
  if (!client.notify) throw new Error('the Slack connector must notify');
  const [result] = await client.notify([target.notifyMessage(target.validRecord(index))]);

  return result;
}

describe('slackConformance', () => {
  it('connects with a rotating install and refuses the bad credentials', async () => {
    const good = connected(await target.connect()).client;
    const bad = connected(await target.badCredentials()).client;

    await expect(good.testConnection()).resolves.toMatchObject({ ok: true });
    await expect(bad.testConnection()).resolves.toMatchObject({
      ok: false,
      error: { category: 'AUTH_INVALID' },
    });
  });

  it('counts the lead messages that announce a person, once each', async () => {
    const { client } = connected(await target.connect());

    await post(client, 0);
    sandbox.slack.advanceClock(1000);
    await post(client, 1);

    const email = target.validRecord(0).matchEmail ?? '';
    await expect(target.remoteCount(email)).resolves.toBe(1);
    await expect(target.remoteCount('nobody@conformance.example.com')).resolves.toBe(0);
    await expect(target.writeCalls()).resolves.toEqual([
      expect.objectContaining({ records: 1, refused: false }),
      expect.objectContaining({ records: 1, refused: false }),
    ]);
  });

  it('rejects the invalid record with its category', async () => {
    const { client } = connected(await target.connect());
    const invalid = target.invalidRecord(0);
    if (!client.notify) throw new Error('the Slack connector must notify');

    const [result] = await client.notify([target.notifyMessage(invalid.record)]);

    expect(result).toMatchObject({ ok: false, error: { category: invalid.category } });
  });

  it('refreshes once after the tokens expire, and replays a refused write once', async () => {
    const { client, reported } = connected(await target.connect());

    await target.expireAccessTokens();
    const afterExpiry = await post(client, 0);
    sandbox.slack.advanceClock(1000);
    await target.expireAccessTokenAtNextWrite?.();
    const midBatch = await post(client, 1);

    expect([afterExpiry.ok, midBatch.ok]).toEqual([true, true]);
    await expect(target.tokenCalls()).resolves.toBe(2);
    expect(reported).toHaveLength(2);
    const writes = await target.writeCalls();
    expect(writes.map((call) => call.refused)).toEqual([true, false, true, false]);
  });

  it('rate-limits the next write with the Retry-After asked for', async () => {
    const { client } = connected(await target.connect());
    await target.rateLimitNextWrite(2);

    const result = await post(client, 0);

    expect(result).toMatchObject({
      ok: false,
      error: { category: 'RATE_LIMITED', retryAfterMs: 2000, retryable: true },
    });
    await expect(target.writeCalls()).resolves.toEqual([
      expect.objectContaining({ refused: true }),
    ]);
  });

  it('arms each error case so that the next message maps to its category', async () => {
    for (const [index, errorCase] of target.errorCases.entries()) {
      await target.reset();
      const { client } = connected(await target.connect());
      await errorCase.arrange();

      const result = await post(client, index);

      expect([errorCase.name, result]).toEqual([
        errorCase.name,
        expect.objectContaining({
          ok: false,
          error: expect.objectContaining({
            category: errorCase.category,
            retryable: errorCase.retryable,
          }),
        }),
      ]);
    }
  });

  it('posts its valid messages to three channels and counts each by its marker', async () => {
    const { client } = connected(await target.connect());
    const messages = [0, 1, 2].map((index) => target.notify.validMessage(index));
    if (!client.notify) throw new Error('the Slack connector must notify');

    const results = await client.notify(messages.map((entry) => entry.message));

    expect(results.map((result) => result.ok)).toEqual([true, true, true]);
    expect(new Set(messages.map((entry) => entry.message.channel)).size).toBe(3);
    for (const { marker } of messages) {
      await expect(target.notify.deliveredCount(marker)).resolves.toBe(1);
    }
    await expect(target.notify.deliveredCount('nobody@conformance.example.com')).resolves.toBe(0);
  });

  it('refuses each invalid message with its category', async () => {
    const { client } = connected(await target.connect());
    const invalid = [0, 1, 2].map((index) => target.notify.invalidMessage(index));
    if (!client.notify) throw new Error('the Slack connector must notify');

    const results = await client.notify(invalid.map((entry) => entry.message));

    expect(results.map((result) => (result.ok ? 'ok' : result.error.vendorCode))).toEqual([
      'msg_too_long',
      'invalid_blocks',
      'channel_not_found',
    ]);
    expect(results.map((result) => (result.ok ? 'ok' : result.error.category))).toEqual(
      invalid.map((entry) => entry.category),
    );
  });

  it('expires the token at the write asked for, after the ones before it', async () => {
    const { client } = connected(await target.connect());
    await target.expireAccessTokenAtNextWrite?.(1);
    if (!client.notify) throw new Error('the Slack connector must notify');

    const results = await client.notify(
      [0, 1].map((index) => target.notify.validMessage(index).message),
    );

    expect(results.map((result) => result.ok)).toEqual([true, true]);
    await expect(target.tokenCalls()).resolves.toBe(1);
    const writes = await target.writeCalls();
    expect(writes.map((call) => call.refused)).toEqual([false, true, false]);
  });

  it('starts from an empty workspace after reset', async () => {
    const { client } = connected(await target.connect());
    await post(client, 0);

    await target.reset();

    await expect(target.writeCalls()).resolves.toEqual([]);
    await expect(target.tokenCalls()).resolves.toBe(0);
    await expect(target.remoteCount(target.validRecord(0).matchEmail ?? '')).resolves.toBe(0);
  });
});
