import '../unset-proxy-env';

import {
  ConnectorError,
  type ConnectorClient,
  type Credentials,
  type ErrorCategory,
  type LeadCard,
  type NotifyMessage,
  type NotifyResult,
} from '@libs/connector-sdk';
import {
  completeSlackInstall,
  leadMessage,
  slackConnector,
  slackInstallUrl,
  syncErrorDigestMessage,
} from '@plugins/slack';

import {
  SLACK_APP,
  SLACK_AUTHORIZE_PATH,
  SLACK_WORKSPACE,
  startSandbox,
  type Sandbox,
} from '../index';
import type { SlackFailureKind } from './scenarios';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.slack.reset();
});

const LEADS = 'C07LEADS001';
const REDIRECT_URI = 'http://127.0.0.1:5555/slack/callback';

interface Harness {
  client: ConnectorClient;
  /** Every credential set the connector reported, in order. */
  reported: Credentials[];
}

function connectWith(credentials: Credentials, settings: Record<string, string> = {}): Harness {
  const reported: Credentials[] = [];
  const client = slackConnector.create({
    credentials,
    settings: { apiUrl: `${sandbox.url}/api/`, channel: LEADS, ...settings },
    onCredentialsChanged: async (next) => {
      reported.push(next);
    },
  });

  return { client, reported };
}

/** A classic (non-expiring) bot token install. */
function connect(scopes?: string[]): Harness {
  return connectWith({ botToken: sandbox.slack.install({ scopes }).botToken });
}

/** An install with token rotation: an expiring bot token, and what refreshes it. */
function connectRotating(extra: Credentials = {}): Harness {
  const installation = sandbox.slack.install({ rotation: true });

  return connectWith({
    botToken: installation.botToken,
    clientId: SLACK_APP.clientId,
    clientSecret: SLACK_APP.clientSecret,
    refreshToken: installation.refreshToken ?? '',
    tokenExpiresAt: new Date(installation.expiresAt ?? 0).toISOString(),
    ...extra,
  });
}

const JANE: LeadCard = {
  name: 'Jane Doe',
  email: 'jane@acme.example',
  jobTitle: 'CTO',
  company: 'Acme',
  event: 'Expo 2026',
  answers: { 'Lead Type': ['Hot'] },
  capturedAt: '2026-03-02T10:15:00.000Z',
};

function leadNotice(key: string, name = `Lead ${key}`, channel = LEADS): NotifyMessage {
  return { key, channel, text: `New lead: ${name}`, lead: { ...JANE, name } };
}

function calls(method: string) {
  return sandbox.slack.journal().filter((entry) => entry.method === method);
}

function failure(result: NotifyResult) {
  if (result.ok) throw new Error(`expected a failure, got message ${result.messageId}`);

  return result.error;
}

async function notifyOne(client: ConnectorClient, message: NotifyMessage): Promise<NotifyResult> {
  if (!client.notify) throw new Error('the Slack connector must notify');
  const [result] = await client.notify([message]);

  return result;
}

function workerFor(workers: Map<string, Harness>, key: string): ConnectorClient {
  const worker = workers.get(key);
  if (!worker) throw new Error(`no worker for ${key}`);

  return worker.client;
}

async function rejectionOf(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected a ConnectorError');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('slackConnector against the Slack emulator', () => {
  it('declares a notify-only communication connector on OAuth', () => {
    expect(slackConnector).toMatchObject({
      id: 'slack',
      category: 'communication',
      auth: { scheme: 'oauth2_authorization_code' },
      capabilities: { objects: [], batchUpsert: false, campaigns: false, notify: true },
      limits: { maxBatchSize: 1, requestsPerWindow: 1, windowMs: 1000 },
    });
    expect(slackConnector.auth.fields.map((field) => [field.name, field.required])).toEqual([
      ['botToken', true],
      ['clientId', false],
      ['clientSecret', false],
      ['refreshToken', false],
      ['tokenExpiresAt', false],
    ]);
    expect(slackConnector.settings.map((field) => field.name)).toEqual([
      'apiUrl',
      'authorizeUrl',
      'channel',
    ]);
    expect(slackConnector.recommendedMappings('message')).toBeUndefined();
  });

  describe('testConnection', () => {
    it('answers with the workspace through auth.test', async () => {
      const { client } = connect();

      const result = await client.testConnection();

      expect(result).toEqual({
        ok: true,
        account: `${SLACK_WORKSPACE.name} (${SLACK_WORKSPACE.id}) as @mobly`,
      });
      expect(calls('auth.test')).toHaveLength(1);
    });

    it.each([
      ['an unknown token', 'invalid_auth', () => 'xoxb-1-2-notAToken'],
      [
        'a revoked token',
        'token_revoked',
        () => {
          const { botToken } = sandbox.slack.install();
          sandbox.slack.revokeToken(botToken);

          return botToken;
        },
      ],
    ])('reports %s as AUTH_INVALID (%s)', async (_case, vendorCode, token) => {
      const { client } = connectWith({ botToken: token() });

      const result = await client.testConnection();

      expect(result).toMatchObject({
        ok: false,
        error: { category: 'AUTH_INVALID', vendorCode, retryable: false },
      });
    });

    it('reports a missing bot token without calling Slack', async () => {
      const { client } = connectWith({});

      const result = await client.testConnection();

      expect(result.error).toMatchObject({
        category: 'AUTH_INVALID',
        vendorCode: 'MISSING_CREDENTIALS',
      });
      expect(sandbox.slack.journal()).toEqual([]);
    });
  });

  describe('notify', () => {
    it('posts a captured lead to the channel as Block Kit', async () => {
      const { client } = connect();

      const result = await notifyOne(client, leadNotice('lead-1', 'Jane Doe'));

      const [message] = sandbox.slack.messages('leads');
      expect(result).toEqual({ key: 'lead-1', ok: true, messageId: `${LEADS}/${message.ts}` });
      expect(message).toMatchObject({
        channel: LEADS,
        text: 'New lead: Jane Doe',
        blocks: leadMessage(JANE).blocks,
      });
      expect(calls('chat.postMessage')).toEqual([
        expect.objectContaining({
          contentType: 'application/x-www-form-urlencoded',
          tokenSource: 'header',
          args: expect.objectContaining({
            channel: LEADS,
            unfurl_links: 'false',
            blocks: leadMessage(JANE).blocks,
          }),
        }),
      ]);
    });

    it('uses the connection channel when the message names none', async () => {
      const { client } = connectWith(
        { botToken: sandbox.slack.install().botToken },
        { channel: '#sync-errors' },
      );

      const result = await notifyOne(client, { ...leadNotice('lead-1'), channel: '' });

      expect(result.ok).toBe(true);
      expect(sandbox.slack.messages('sync-errors')).toHaveLength(1);
    });

    it('posts a sync-error digest with the blocks it was given', async () => {
      const { client } = connect();
      const digest = syncErrorDigestMessage({
        connection: 'Salesforce',
        period: 'in the last hour',
        categories: [
          {
            category: 'DATA_VALUE_VALIDATION',
            count: 3,
            description: 'A value was refused.',
            helpUrl: 'https://help.mobly.example/errors/data-value-validation',
          },
          { category: 'AUTH_INVALID', count: 1, description: 'Authorise the connection again.' },
        ],
        reconciliationUrl: 'https://hub.mobly.example/reconciliation',
      });

      const result = await notifyOne(client, {
        key: 'digest-1',
        channel: 'C07SYNCERR1',
        text: digest.text,
        blocks: digest.blocks.map((block) => ({ ...block })),
      });

      expect(result.ok).toBe(true);
      expect(sandbox.slack.messages('sync-errors')).toEqual([
        expect.objectContaining({ text: digest.text, blocks: digest.blocks }),
      ]);
    });

    it('refuses a block without a type before calling Slack', async () => {
      const { client } = connect();

      const result = await notifyOne(client, {
        key: 'bad',
        channel: LEADS,
        text: 'x',
        blocks: [{ type: 'divider' }, { text: 'no type' }],
      });

      expect(failure(result)).toMatchObject({
        category: 'DATA_VALUE_VALIDATION',
        vendorCode: 'INVALID_BLOCK_KIT',
        field: 'blocks',
      });
      expect(calls('chat.postMessage')).toHaveLength(0);
    });

    it('delivers every message of a burst exactly once when retried after Retry-After', async () => {
      const { botToken } = sandbox.slack.install();
      const messages = ['a', 'b', 'c', 'd'].map((key) => leadNotice(key));
      // As several workers would: each its own client, one message per call, all at once.
      const workers = new Map(messages.map((message) => [message.key, connectWith({ botToken })]));
      const delivered = new Map<string, string>();
      let pending = messages;
      let rateLimited = 0;

      while (pending.length > 0) {
        const results = await Promise.all(
          pending.map((message) => notifyOne(workerFor(workers, message.key), message)),
        );
        const waits: number[] = [];
        for (const result of results) {
          if (result.ok) {
            delivered.set(result.key, result.messageId);
            continue;
          }
          expect(result.error).toMatchObject({
            category: 'RATE_LIMITED',
            vendorCode: 'ratelimited',
            retryable: true,
            retryAfterMs: 1000,
          });
          waits.push(result.error.retryAfterMs ?? 0);
        }
        rateLimited += waits.length;
        pending = pending.filter((message) => !delivered.has(message.key));
        if (pending.length > 0) await sleep(Math.max(...waits));
      }

      const posted = sandbox.slack.messages('leads');
      expect(rateLimited).toBeGreaterThan(0);
      expect(posted.map((message) => message.text).sort()).toEqual(
        messages.map((message) => message.text).sort(),
      );
      expect(new Set(delivered.values()).size).toBe(messages.length);
      expect(calls('chat.postMessage').filter((entry) => entry.status === 429)).toHaveLength(
        rateLimited,
      );
    });

    it('spaces the posts of one client a second apart, so a burst to one channel is not refused', async () => {
      const { client } = connect();
      if (!client.notify) throw new Error('the Slack connector must notify');

      const results = await client.notify([leadNotice('1'), leadNotice('2'), leadNotice('3')]);

      expect(results.map((result) => result.ok)).toEqual([true, true, true]);
      const arrivals = calls('chat.postMessage').map((entry) => entry.at);
      expect(arrivals).toHaveLength(3);
      for (let index = 1; index < arrivals.length; index += 1) {
        expect(arrivals[index] - arrivals[index - 1]).toBeGreaterThanOrEqual(1000);
      }
    });

    it('does not try the rest of a channel after a 429, but goes on with other channels', async () => {
      const { client } = connect();
      if (!client.notify) throw new Error('the Slack connector must notify');
      sandbox.slack.failNext('chat.postMessage', 1, 'ratelimited', { after: 1 });

      const results = await client.notify([
        leadNotice('1'),
        leadNotice('2'),
        leadNotice('3'),
        leadNotice('4', 'Other', 'C07SYNCERR1'),
      ]);

      expect(results.map((result) => (result.ok ? 'ok' : result.error.category))).toEqual([
        'ok',
        'RATE_LIMITED',
        'RATE_LIMITED',
        'ok',
      ]);
      expect(calls('chat.postMessage').map((entry) => entry.status)).toEqual([200, 429, 200]);
    });

    it.each<[string, string, ErrorCategory, string]>([
      ['an archived channel', 'C07EXPO2024', 'REMOTE_RECORD_NOT_FOUND', 'is_archived'],
      ['an unknown channel', 'C0NOPE00000', 'REMOTE_RECORD_NOT_FOUND', 'channel_not_found'],
      [
        'a private channel the app is not in',
        'C07BOARDRM1',
        'REMOTE_RECORD_NOT_FOUND',
        'channel_not_found',
      ],
      ['a channel the app is not in', 'C07RANDOM01', 'PERMISSION_DENIED', 'not_in_channel'],
    ])('fails %s clearly and without retrying', async (_case, channel, category, vendorCode) => {
      const { client } = connect();

      const result = await notifyOne(client, leadNotice('lead-1', 'Jane', channel));

      expect(failure(result)).toEqual({
        category,
        vendorCode,
        vendorMessage: expect.stringContaining(`Channel: ${channel}.`),
        field: 'channel',
        retryable: false,
      });
      expect(calls('chat.postMessage')).toHaveLength(1);
      expect(sandbox.slack.messages()).toHaveLength(0);
    });

    it('reports a missing chat:write scope as PERMISSION_DENIED', async () => {
      const { client } = connect(['channels:read']);

      const result = await notifyOne(client, leadNotice('lead-1'));

      expect(failure(result)).toMatchObject({
        category: 'PERMISSION_DENIED',
        vendorCode: 'missing_scope',
        vendorMessage: expect.stringContaining('Needed: chat:write; granted: channels:read.'),
        retryable: false,
      });
    });

    it('fails only the bad messages of a batch, as DATA_VALUE_VALIDATION', async () => {
      const { client } = connect();
      if (!client.notify) throw new Error('the Slack connector must notify');

      const [tooLong, good, badBlocks] = await client.notify([
        { key: 'long', channel: LEADS, text: 'x'.repeat(40_001) },
        { key: 'good', channel: LEADS, text: 'New lead: Ada Lovelace' },
        {
          key: 'blocks',
          channel: 'C07SYNCERR1',
          text: 'x',
          blocks: [{ type: 'header', text: { type: 'plain_text', text: '' } }],
        },
      ]);

      expect(failure(tooLong)).toMatchObject({
        category: 'DATA_VALUE_VALIDATION',
        vendorCode: 'msg_too_long',
        field: 'text',
        retryable: false,
      });
      expect(failure(badBlocks)).toMatchObject({
        category: 'DATA_VALUE_VALIDATION',
        vendorCode: 'invalid_blocks',
        vendorMessage: expect.stringContaining('[json-pointer:/blocks/0/text/text]'),
        field: 'blocks',
      });
      expect(good).toMatchObject({ key: 'good', ok: true });
      expect(
        sandbox.slack.journal().filter((entry) => entry.method === 'chat.postMessage'),
      ).toHaveLength(3);
    });

    it('stops at a revoked token: AUTH_INVALID for every message, one call', async () => {
      const { botToken } = sandbox.slack.install();
      sandbox.slack.revokeToken(botToken);
      const { client } = connectWith({ botToken });
      if (!client.notify) throw new Error('the Slack connector must notify');

      const results = await client.notify([
        leadNotice('1'),
        leadNotice('2', 'B', 'C07SYNCERR1'),
        leadNotice('3', 'C', 'C07GENERAL1'),
      ]);

      expect(results.map((result) => failure(result))).toEqual(
        Array(3).fill(
          expect.objectContaining({
            category: 'AUTH_INVALID',
            vendorCode: 'token_revoked',
            retryable: false,
          }),
        ),
      );
      expect(calls('chat.postMessage')).toHaveLength(1);
    });

    it.each<[SlackFailureKind, ErrorCategory, boolean]>([
      ['http_503', 'REMOTE_UNAVAILABLE', true],
      ['http_500', 'REMOTE_UNAVAILABLE', true],
      ['http_502', 'REMOTE_UNAVAILABLE', true],
      ['ratelimited_without_retry_after', 'RATE_LIMITED', true],
    ])('answers %s once (no client retries) as %s', async (kind, category, retryable) => {
      const { client } = connect();
      sandbox.slack.failNext('chat.postMessage', 1, kind);

      const result = await notifyOne(client, leadNotice('lead-1'));

      expect(failure(result)).toMatchObject({ category, retryable });
      expect(failure(result)).not.toHaveProperty('retryAfterMs');
      expect(calls('chat.postMessage')).toHaveLength(1);
      expect(sandbox.slack.messages()).toHaveLength(0);
    });
  });

  describe('the error map, through the emulator', () => {
    it.each<[SlackFailureKind, ErrorCategory, boolean]>([
      ['channel_not_found', 'REMOTE_RECORD_NOT_FOUND', false],
      ['is_archived', 'REMOTE_RECORD_NOT_FOUND', false],
      ['not_in_channel', 'PERMISSION_DENIED', false],
      ['missing_scope', 'PERMISSION_DENIED', false],
      ['restricted_action', 'PERMISSION_DENIED', false],
      ['no_permission', 'PERMISSION_DENIED', false],
      ['invalid_auth', 'AUTH_INVALID', false],
      ['not_authed', 'AUTH_INVALID', false],
      ['account_inactive', 'AUTH_INVALID', false],
      ['token_revoked', 'AUTH_INVALID', false],
      ['token_expired', 'AUTH_INVALID', false],
      ['msg_too_long', 'DATA_VALUE_VALIDATION', false],
      ['invalid_blocks', 'DATA_VALUE_VALIDATION', false],
      ['no_text', 'DATA_VALUE_VALIDATION', false],
      ['too_many_attachments', 'DATA_VALUE_VALIDATION', false],
      ['ratelimited', 'RATE_LIMITED', true],
      ['fatal_error', 'REMOTE_UNAVAILABLE', true],
      ['internal_error', 'REMOTE_UNAVAILABLE', true],
      ['service_unavailable', 'REMOTE_UNAVAILABLE', true],
      ['request_timeout', 'REMOTE_UNAVAILABLE', true],
      ['http_503', 'REMOTE_UNAVAILABLE', true],
    ])('maps %s to %s (retryable: %s)', async (kind, category, retryable) => {
      const { client } = connect();
      sandbox.slack.failNext('chat.postMessage', 1, kind);

      const result = await notifyOne(client, leadNotice('lead-1'));

      expect(failure(result)).toMatchObject({ category, retryable });
      expect(failure(result).vendorMessage).not.toBe('');
    });

    it('reports the Retry-After of a 429 as retryAfterMs', async () => {
      const { client } = connect();
      sandbox.slack.failNext('chat.postMessage', 1, 'ratelimited', { retryAfterSeconds: 4 });

      const result = await notifyOne(client, leadNotice('lead-1'));

      expect(failure(result)).toMatchObject({ category: 'RATE_LIMITED', retryAfterMs: 4000 });
    });
  });

  describe('token rotation', () => {
    it('refreshes an expired token once, reports it and replays the message', async () => {
      const { client, reported } = connectRotating();
      const before = sandbox.slack.now();
      sandbox.slack.expireAccessTokens();

      const first = await notifyOne(client, leadNotice('1'));
      const second = await notifyOne(client, leadNotice('2', 'B', 'C07SYNCERR1'));

      expect([first.ok, second.ok]).toEqual([true, true]);
      expect(calls('oauth.v2.access')).toHaveLength(1);
      expect(calls('chat.postMessage').map((entry) => entry.error ?? 'ok')).toEqual([
        'token_expired',
        'ok',
        'ok',
      ]);
      expect(reported).toEqual([
        expect.objectContaining({
          botToken: expect.stringMatching(/^xoxe\.xoxb-1-/),
          refreshToken: expect.stringMatching(/^xoxe-1-/),
          clientId: SLACK_APP.clientId,
        }),
      ]);
      const expiresAt = Date.parse(reported[0].tokenExpiresAt);
      expect(expiresAt - before).toBeGreaterThanOrEqual(12 * 60 * 60 * 1000 - 60_000);
      expect(sandbox.slack.messages()).toHaveLength(2);
    });

    it('refreshes once when the token expires mid-batch and posts every message once', async () => {
      const { client, reported } = connectRotating();
      if (!client.notify) throw new Error('the Slack connector must notify');
      const messages = [leadNotice('1'), leadNotice('2'), leadNotice('3')];
      sandbox.slack.failNext('chat.postMessage', 1, 'token_expired', { after: 1 });

      const results = await client.notify(messages);

      expect(results.map((result) => [result.key, result.ok])).toEqual([
        ['1', true],
        ['2', true],
        ['3', true],
      ]);
      expect(calls('oauth.v2.access')).toHaveLength(1);
      expect(reported).toHaveLength(1);
      expect(calls('chat.postMessage').map((entry) => entry.error ?? 'ok')).toEqual([
        'ok',
        'token_expired',
        'ok',
        'ok',
      ]);
      expect(sandbox.slack.messages().map((message) => message.text)).toEqual(
        messages.map((message) => message.text),
      );
    });

    it('shares one refresh between calls whose token expired together', async () => {
      const { client, reported } = connectRotating();
      sandbox.slack.expireAccessTokens();

      const results = await Promise.all([
        notifyOne(client, leadNotice('1', 'A', 'C07LEADS001')),
        notifyOne(client, leadNotice('2', 'B', 'C07SYNCERR1')),
        notifyOne(client, leadNotice('3', 'C', 'C07GENERAL1')),
      ]);

      expect(results.every((result) => result.ok)).toBe(true);
      expect(calls('oauth.v2.access')).toHaveLength(1);
      expect(reported).toHaveLength(1);
    });

    it('refreshes ahead of expiry without waiting for token_expired', async () => {
      const soon = new Date(Date.now() + 60_000).toISOString();
      const { client, reported } = connectRotating({ tokenExpiresAt: soon });

      const result = await notifyOne(client, leadNotice('1'));

      expect(result.ok).toBe(true);
      expect(sandbox.slack.journal().map((entry) => entry.method)).toEqual([
        'oauth.v2.access',
        'chat.postMessage',
      ]);
      expect(reported).toHaveLength(1);
    });

    it('gives up with AUTH_INVALID when the refreshed token is refused again', async () => {
      const { client } = connectRotating();
      sandbox.slack.failNext('chat.postMessage', 2, 'token_expired');

      const result = await notifyOne(client, leadNotice('1'));

      expect(failure(result)).toMatchObject({
        category: 'AUTH_INVALID',
        vendorCode: 'token_expired',
      });
      expect(calls('oauth.v2.access')).toHaveLength(1);
      expect(calls('chat.postMessage')).toHaveLength(2);
    });

    it('reports a refused refresh token as AUTH_INVALID', async () => {
      const { client, reported } = connectRotating();
      sandbox.slack.expireAccessTokens();
      sandbox.slack.failNext('oauth.v2.access', 1, 'invalid_refresh_token');

      const result = await notifyOne(client, leadNotice('1'));

      expect(failure(result)).toMatchObject({
        category: 'AUTH_INVALID',
        vendorCode: 'invalid_refresh_token',
        retryable: false,
      });
      expect(reported).toEqual([]);
    });

    it('treats token_expired as AUTH_INVALID when it has nothing to refresh with', async () => {
      const installation = sandbox.slack.install({ rotation: true });
      const { client } = connectWith({ botToken: installation.botToken });
      sandbox.slack.expireAccessTokens();

      const result = await notifyOne(client, leadNotice('1'));

      expect(failure(result)).toMatchObject({
        category: 'AUTH_INVALID',
        vendorCode: 'token_expired',
      });
      expect(calls('oauth.v2.access')).toHaveLength(0);
    });

    it('refreshes on request with rotation, and returns classic credentials as they are', async () => {
      const rotating = connectRotating();
      const classic = connect();

      const refreshed = await rotating.client.refreshCredentials();
      const unchanged = await classic.client.refreshCredentials();

      expect(refreshed).toEqual(rotating.reported[0]);
      expect(unchanged).toEqual({ botToken: expect.stringMatching(/^xoxb-/) });
      expect(calls('oauth.v2.access')).toHaveLength(1);
    });
  });

  describe('OAuth v2 install', () => {
    it('installs through the authorize page and posts with the bot token it got', async () => {
      sandbox.slack.configure({ tokenRotation: true });
      const apiUrl = `${sandbox.url}/api/`;
      const url = slackInstallUrl({
        authorizeUrl: `${sandbox.url}${SLACK_AUTHORIZE_PATH}`,
        clientId: SLACK_APP.clientId,
        redirectUri: REDIRECT_URI,
        state: 'csrf-42',
      });

      const page = await fetch(url, { redirect: 'manual' });
      const callback = new URL(page.headers.get('location') ?? '');
      const installed = await completeSlackInstall({
        apiUrl,
        clientId: SLACK_APP.clientId,
        clientSecret: SLACK_APP.clientSecret,
        code: callback.searchParams.get('code') ?? '',
        redirectUri: REDIRECT_URI,
      });
      const result = await notifyOne(connectWith(installed.credentials).client, leadNotice('1'));

      expect(url).toBe(
        `${sandbox.url}${SLACK_AUTHORIZE_PATH}?client_id=${encodeURIComponent(SLACK_APP.clientId)}` +
          `&scope=chat%3Awrite%2Cchannels%3Aread&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&state=csrf-42`,
      );
      expect(callback.searchParams.get('state')).toBe('csrf-42');
      expect(installed).toMatchObject({
        team: { id: SLACK_WORKSPACE.id, name: SLACK_WORKSPACE.name },
        scopes: ['chat:write', 'channels:read'],
        credentials: {
          botToken: expect.stringMatching(/^xoxe\.xoxb-1-/),
          refreshToken: expect.stringMatching(/^xoxe-1-/),
          clientId: SLACK_APP.clientId,
          clientSecret: SLACK_APP.clientSecret,
          tokenExpiresAt: expect.any(String),
        },
      });
      expect(result.ok).toBe(true);
    });

    it('reports a used install code as AUTH_INVALID', async () => {
      const error = await rejectionOf(
        completeSlackInstall({
          apiUrl: `${sandbox.url}/api/`,
          clientId: SLACK_APP.clientId,
          clientSecret: SLACK_APP.clientSecret,
          code: 'not-a-code',
          redirectUri: REDIRECT_URI,
        }),
      );

      expect(error.error).toMatchObject({ category: 'AUTH_INVALID', vendorCode: 'invalid_code' });
    });
  });

  describe('records', () => {
    it('answers every record with UNKNOWN: Slack does not store records', async () => {
      const { client } = connect();

      const results = await client.upsert('message', [
        { key: 'a', values: {} },
        { key: 'b', values: {} },
      ]);

      expect(results).toEqual(
        ['a', 'b'].map((key) => ({
          key,
          ok: false,
          error: {
            category: 'UNKNOWN',
            vendorCode: 'NOT_SUPPORTED',
            vendorMessage: 'Slack does not store records',
            retryable: false,
          },
        })),
      );
      await expect(client.describe('message')).rejects.toBeInstanceOf(ConnectorError);
      expect(sandbox.slack.journal()).toEqual([]);
    });
  });
});
