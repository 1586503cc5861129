import '../unset-proxy-env';

import {
  LogLevel,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebClient,
  type Logger,
} from '@slack/web-api';

import { startSandbox, type Sandbox } from '../index';
import { SLACK_APP, SLACK_BOT, SLACK_WORKSPACE } from './constants';
import { SLACK_FIXTURES } from './fixtures';
import { SLACK_AUTHORIZE_PATH } from './routes/authorize.routes';

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

const REDIRECT_URI = 'http://127.0.0.1:5555/slack/callback';

const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

function webClient(token?: string): WebClient {
  return new WebClient(token, {
    slackApiUrl: `${sandbox.url}/api/`,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: quiet,
  });
}

function bot(options: { scopes?: string[]; rotation?: boolean } = {}): WebClient {
  return webClient(sandbox.slack.install(options).botToken);
}

async function rejectionOf(promise: PromiseLike<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected the call to fail');
}

async function platformError(promise: PromiseLike<unknown>): Promise<Record<string, unknown>> {
  const error = await rejectionOf(promise);
  if (!(error instanceof WebAPIPlatformError)) throw error;

  return { ...error.data };
}

/** A raw Web API call, for what WebClient does not send (JSON bodies, tokens in the body…). */
async function post(
  method: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const response = await fetch(`${sandbox.url}/api/${method}`, { method: 'POST', headers, body });
  const json: unknown = await response.json();
  if (typeof json !== 'object' || json === null) throw new Error('expected a JSON object');

  return { status: response.status, headers: response.headers, json: { ...json } };
}

async function authorize(query: Record<string, string>): Promise<Response> {
  const url = new URL(SLACK_AUTHORIZE_PATH, sandbox.url);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);

  return fetch(url, { redirect: 'manual' });
}

async function installCode(scope = 'chat:write,channels:read'): Promise<string> {
  const response = await authorize({
    client_id: SLACK_APP.clientId,
    scope,
    redirect_uri: REDIRECT_URI,
    state: 'xyz',
  });
  const code = new URL(response.headers.get('location') ?? '').searchParams.get('code');
  if (!code) throw new Error('the authorize page gave no code');

  return code;
}

describe('SlackEmulator', () => {
  describe('chat.postMessage', () => {
    it('posts a form-encoded message with blocks sent as a JSON string', async () => {
      const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Jane Doe*' } }];

      const result = await bot().chat.postMessage({
        channel: 'C07LEADS001',
        text: 'New lead: Jane Doe',
        blocks,
      });

      expect(result).toMatchObject({
        ok: true,
        channel: 'C07LEADS001',
        ts: expect.stringMatching(/^\d{10}\.\d{6}$/),
        message: {
          type: 'message',
          text: 'New lead: Jane Doe',
          user: SLACK_BOT.userId,
          bot_id: SLACK_BOT.botId,
          ts: result.ts,
          blocks,
        },
      });
      expect(sandbox.slack.messages('leads')).toEqual([
        expect.objectContaining({ channel: 'C07LEADS001', ts: result.ts, blocks }),
      ]);
      expect(sandbox.slack.journal()).toEqual([
        expect.objectContaining({
          method: 'chat.postMessage',
          httpMethod: 'POST',
          contentType: 'application/x-www-form-urlencoded',
          tokenSource: 'header',
          args: expect.objectContaining({ channel: 'C07LEADS001', blocks }),
          status: 200,
          ok: true,
        }),
      ]);
    });

    it('answers in the captured shape, with a bot username and attachments', async () => {
      const captured = SLACK_FIXTURES.chatPostMessageOk;

      const result = await bot().chat.postMessage({
        channel: 'leads',
        text: captured.message.text,
        username: captured.message.username,
        attachments: captured.message.attachments.map(({ fallback, text }) => ({ fallback, text })),
      });

      expect(Object.keys(result)).toEqual(expect.arrayContaining(Object.keys(captured)));
      expect(Object.keys(result.message ?? {})).toEqual(
        expect.arrayContaining(Object.keys(captured.message)),
      );
      expect(result.message).toMatchObject({
        subtype: 'bot_message',
        username: captured.message.username,
        attachments: captured.message.attachments,
      });
    });

    it('answers every JSON body with the content type Slack uses', async () => {
      const { botToken } = sandbox.slack.install();

      const response = await post('chat.postMessage', JSON.stringify({ channel: 'x' }), {
        authorization: `Bearer ${botToken}`,
        'content-type': 'application/json; charset=utf-8',
      });

      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(response.json).toEqual({ ok: false, error: 'channel_not_found' });
    });

    it('accepts JSON bodies and warns when their content type has no charset', async () => {
      const { botToken } = sandbox.slack.install();
      const body = JSON.stringify({
        channel: 'leads',
        text: 'hello',
        blocks: [{ type: 'divider' }],
      });

      const withCharset = await post('chat.postMessage', body, {
        authorization: `Bearer ${botToken}`,
        'content-type': 'application/json; charset=utf-8',
      });
      sandbox.slack.advanceClock(1000);
      const withoutCharset = await post('chat.postMessage', body, {
        authorization: `Bearer ${botToken}`,
        'content-type': 'application/json',
      });

      expect(withCharset.json).toMatchObject({ ok: true, channel: 'C07LEADS001' });
      expect(withCharset.json).not.toHaveProperty('warning');
      expect(withoutCharset.json).toMatchObject({
        ok: true,
        warning: 'missing_charset',
        response_metadata: { warnings: ['missing_charset'] },
      });
      expect(sandbox.slack.messages('leads')[0].blocks).toEqual([{ type: 'divider' }]);
    });

    it('reads the token from a form field but never from a JSON body', async () => {
      const { botToken } = sandbox.slack.install();

      const form = await post(
        'chat.postMessage',
        new URLSearchParams({ token: botToken, channel: 'leads', text: 'hi' }).toString(),
        { 'content-type': 'application/x-www-form-urlencoded' },
      );
      const json = await post(
        'chat.postMessage',
        JSON.stringify({ token: botToken, channel: 'leads', text: 'hi' }),
        { 'content-type': 'application/json; charset=utf-8' },
      );

      expect(form.json.ok).toBe(true);
      expect(json.json).toEqual(SLACK_FIXTURES.authTestErrorNotAuthed);
      expect(sandbox.slack.journal()[0].tokenSource).toBe('body');
    });

    it('posts to a public channel by name and to a private channel the bot is in', async () => {
      const client = bot();

      const byName = await client.chat.postMessage({ channel: '#sync-errors', text: 'digest' });
      const privateChannel = await client.chat.postMessage({ channel: 'deal-desk', text: 'x' });

      expect(byName.channel).toBe('C07SYNCERR1');
      expect(privateChannel.channel).toBe('C07DEALDESK');
    });

    it.each([
      ['an unknown channel', 'channel_not_found', 'C0NOPE00000'],
      ['a private channel the bot is not in', 'channel_not_found', 'C07BOARDRM1'],
      ['an archived channel', 'is_archived', 'C07EXPO2024'],
      ['a public channel the bot is not in', 'not_in_channel', 'C07RANDOM01'],
      ['no channel', 'channel_not_found', ''],
    ])('refuses %s with %s', async (_case, error, channel) => {
      const data = await platformError(bot().chat.postMessage({ channel, text: 'x' }));

      expect(data).toMatchObject({ ok: false, error });
      expect(sandbox.slack.messages()).toHaveLength(0);
    });

    it('lets chat:write.public post in public channels the bot has not joined', async () => {
      const client = bot({ scopes: ['chat:write', 'chat:write.public'] });

      const result = await client.chat.postMessage({ channel: 'random', text: 'x' });

      expect(result.channel).toBe('C07RANDOM01');
    });

    it('answers missing_scope with the needed and provided scopes', async () => {
      const data = await platformError(
        bot({ scopes: ['channels:read', 'groups:read'] }).chat.postMessage({
          channel: 'leads',
          text: 'x',
        }),
      );

      expect(data).toMatchObject({
        ok: false,
        error: 'missing_scope',
        needed: 'chat:write',
        provided: 'channels:read,groups:read',
        response_metadata: {
          scopes: ['channels:read', 'groups:read'],
          acceptedScopes: ['chat:write'],
        },
      });
    });

    it('refuses messages without text, too long, or with invalid blocks', async () => {
      const client = bot();
      // Typed loosely on purpose: the header's text type is one Slack refuses.
      const invalidBlocks: Array<{ type: string; text?: { type: string; text: string } }> = [
        { type: 'section', text: { type: 'mrkdwn', text: '' } },
        { type: 'header', text: { type: 'mrkdwn', text: 'h' } },
        { type: 'widget' },
      ];

      const noText = await platformError(client.chat.postMessage({ channel: 'leads', text: ' ' }));
      const tooLong = await platformError(
        client.chat.postMessage({ channel: 'leads', text: 'x'.repeat(40_001) }),
      );
      const badBlocks = await platformError(
        client.chat.postMessage({
          channel: 'leads',
          text: 'x',
          blocks: invalidBlocks,
        }),
      );
      const unparsable = await post(
        'chat.postMessage',
        new URLSearchParams({ channel: 'leads', text: 'x', blocks: '[{"type":' }).toString(),
        {
          authorization: `Bearer ${sandbox.slack.install().botToken}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
      );

      expect(noText).toMatchObject({ error: 'no_text' });
      expect(tooLong).toMatchObject({ error: 'msg_too_long' });
      expect(badBlocks).toMatchObject({
        error: 'invalid_blocks',
        errors: [
          'must be more than 0 characters [json-pointer:/blocks/0/text/text]',
          'must be a valid enum value [json-pointer:/blocks/1/text/type]',
          'unsupported type: widget [json-pointer:/blocks/2/type]',
        ],
        response_metadata: {
          messages: [
            '[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]',
            '[ERROR] must be a valid enum value [json-pointer:/blocks/1/text/type]',
            '[ERROR] unsupported type: widget [json-pointer:/blocks/2/type]',
          ],
        },
      });
      expect(unparsable.json).toEqual({ ok: false, error: 'invalid_blocks_format' });
      expect(sandbox.slack.messages()).toHaveLength(0);
    });

    it('refuses more than 50 blocks and more than 100 attachments', async () => {
      const client = bot();

      const blocks = await platformError(
        client.chat.postMessage({
          channel: 'leads',
          text: 'x',
          blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })),
        }),
      );
      const attachments = await platformError(
        client.chat.postMessage({
          channel: 'leads',
          attachments: Array.from({ length: 101 }, () => ({ text: 'a' })),
        }),
      );

      expect(blocks).toMatchObject({
        error: 'invalid_blocks',
        errors: ['no more than 50 items allowed [json-pointer:/blocks]'],
      });
      expect(attachments).toMatchObject(SLACK_FIXTURES.chatPostMessageTooManyAttachments);
    });

    it('gives each message a later ts than the one before', async () => {
      sandbox.slack.configure({ postsPerChannel: 0 });
      const client = bot();

      const stamps: string[] = [];
      for (let index = 0; index < 5; index += 1) {
        stamps.push(
          (await client.chat.postMessage({ channel: 'leads', text: `${index}` })).ts ?? '',
        );
      }

      const sorted = [...stamps].sort((a, b) => Number(a) - Number(b));
      expect(new Set(stamps).size).toBe(5);
      expect(stamps).toEqual(sorted);
    });
  });

  describe('rate limit', () => {
    it('answers a second message to one channel within a second with 429 and Retry-After: 1', async () => {
      const { botToken } = sandbox.slack.install();
      const form = (channel: string) =>
        post('chat.postMessage', new URLSearchParams({ channel, text: 'x' }).toString(), {
          authorization: `Bearer ${botToken}`,
          'content-type': 'application/x-www-form-urlencoded',
        });

      const first = await form('leads');
      const second = await form('leads');
      const otherChannel = await form('sync-errors');
      sandbox.slack.advanceClock(1000);
      const later = await form('leads');

      expect(first.status).toBe(200);
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toBe('1');
      expect(second.json).toEqual({ ok: false, error: 'ratelimited' });
      expect(otherChannel.json.ok).toBe(true);
      expect(later.json.ok).toBe(true);
      expect(sandbox.slack.messages('leads')).toHaveLength(2);
      expect(sandbox.slack.journal()[1]).toMatchObject({
        status: 429,
        error: 'ratelimited',
        retryAfter: 1,
      });
    });

    it('surfaces the 429 to WebClient as a rate-limited error with the wait', async () => {
      const client = bot();
      await client.chat.postMessage({ channel: 'leads', text: 'first' });

      const error = await rejectionOf(client.chat.postMessage({ channel: 'leads', text: 'x' }));

      expect(error).toBeInstanceOf(WebAPIRateLimitedError);
      expect(error).toMatchObject({ retryAfter: 1 });
    });
  });

  describe('tokens', () => {
    it('answers auth.test in the captured shape with the token scopes in headers', async () => {
      const client = bot({ scopes: ['chat:write'] });

      const result = await client.auth.test();

      expect(Object.keys(result).sort()).toEqual(
        [...Object.keys(SLACK_FIXTURES.authTestOk), 'response_metadata'].sort(),
      );
      expect(result).toMatchObject({
        ok: true,
        url: SLACK_WORKSPACE.url,
        team: SLACK_WORKSPACE.name,
        team_id: SLACK_FIXTURES.authTestOk.team_id,
        user_id: SLACK_FIXTURES.authTestOk.user_id,
        bot_id: SLACK_FIXTURES.authTestOk.bot_id,
        response_metadata: { scopes: ['chat:write'] },
      });
    });

    it('answers not_authed and invalid_auth as captured', async () => {
      const missing = await platformError(webClient().auth.test());
      const unknown = await platformError(webClient('xoxb-1-2-nope').auth.test());

      expect(missing).toMatchObject(SLACK_FIXTURES.authTestErrorNotAuthed);
      expect(unknown).toMatchObject(SLACK_FIXTURES.authTestErrorInvalidAuth);
    });

    it('answers token_revoked after auth.revoke or an uninstall', async () => {
      const first = bot();
      const second = bot();

      await expect(first.auth.revoke()).resolves.toMatchObject({ ok: true, revoked: true });
      const revoked = await platformError(first.auth.test());
      await expect(second.auth.test()).resolves.toMatchObject({ ok: true });
      sandbox.slack.revokeAllTokens();
      const uninstalled = await platformError(second.auth.test());

      expect(revoked.error).toBe('token_revoked');
      expect(uninstalled.error).toBe('token_revoked');
    });

    it('expires rotating tokens after 12 hours and never classic ones', async () => {
      const rotating = sandbox.slack.install({ rotation: true });
      const classic = sandbox.slack.install();
      sandbox.slack.advanceClock(12 * 60 * 60 * 1000);

      const expired = await platformError(webClient(rotating.botToken).auth.test());

      expect(rotating.botToken).toMatch(/^xoxe\.xoxb-1-/);
      expect(rotating.refreshToken).toMatch(/^xoxe-1-/);
      expect(classic.botToken).toMatch(/^xoxb-\d+-\d+-\w+$/);
      expect(expired.error).toBe('token_expired');
      await expect(webClient(classic.botToken).auth.test()).resolves.toMatchObject({ ok: true });
    });

    it('refreshes a rotating token and burns the refresh token it was given', async () => {
      const installation = sandbox.slack.install({ rotation: true });
      sandbox.slack.expireAccessTokens();
      const refresh = (refreshToken: string) =>
        webClient().oauth.v2.access({
          client_id: SLACK_APP.clientId,
          client_secret: SLACK_APP.clientSecret,
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
        });

      const refreshed = await refresh(installation.refreshToken ?? '');
      const reused = await platformError(refresh(installation.refreshToken ?? ''));

      expect(refreshed).toMatchObject({
        ok: true,
        token_type: 'bot',
        access_token: expect.stringMatching(/^xoxe\.xoxb-1-/),
        refresh_token: expect.stringMatching(/^xoxe-1-/),
        expires_in: 43200,
        team: { id: SLACK_WORKSPACE.id, name: SLACK_WORKSPACE.name },
      });
      expect(refreshed.refresh_token).not.toBe(installation.refreshToken);
      expect(reused.error).toBe('invalid_refresh_token');
      await expect(webClient(refreshed.access_token).auth.test()).resolves.toMatchObject({
        ok: true,
      });
    });
  });

  describe('OAuth v2 install', () => {
    it('auto-approves the install and exchanges the code for a bot token once', async () => {
      const response = await authorize({
        client_id: SLACK_APP.clientId,
        scope: 'chat:write,channels:read',
        redirect_uri: REDIRECT_URI,
        state: 'csrf-1',
      });
      const location = new URL(response.headers.get('location') ?? '');
      const code = location.searchParams.get('code') ?? '';
      const exchange = () =>
        webClient().oauth.v2.access({
          client_id: SLACK_APP.clientId,
          client_secret: SLACK_APP.clientSecret,
          code,
          redirect_uri: REDIRECT_URI,
        });

      const installed = await exchange();
      const again = await platformError(exchange());

      expect(response.status).toBe(302);
      expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
      expect(location.searchParams.get('state')).toBe('csrf-1');
      expect(installed).toMatchObject({
        ok: true,
        app_id: SLACK_APP.appId,
        token_type: 'bot',
        scope: 'chat:write,channels:read',
        access_token: expect.stringMatching(/^xoxb-/),
        bot_user_id: SLACK_BOT.userId,
        team: { id: SLACK_WORKSPACE.id, name: SLACK_WORKSPACE.name },
        is_enterprise_install: false,
      });
      expect(installed).not.toHaveProperty('refresh_token');
      expect(again.error).toBe('invalid_code');
      await expect(webClient(installed.access_token).auth.test()).resolves.toMatchObject({
        ok: true,
      });
    });

    it('issues a rotating token and a refresh token when rotation is on', async () => {
      sandbox.slack.configure({ tokenRotation: true });
      const code = await installCode();

      const installed = await webClient().oauth.v2.access({
        client_id: SLACK_APP.clientId,
        client_secret: SLACK_APP.clientSecret,
        code,
        redirect_uri: REDIRECT_URI,
      });

      expect(installed).toMatchObject({
        access_token: expect.stringMatching(/^xoxe\.xoxb-1-/),
        refresh_token: expect.stringMatching(/^xoxe-1-/),
        expires_in: 43200,
      });
    });

    it('takes client credentials from HTTP Basic authentication', async () => {
      const code = await installCode();
      const basic = Buffer.from(`${SLACK_APP.clientId}:${SLACK_APP.clientSecret}`).toString(
        'base64',
      );

      const response = await post(
        'oauth.v2.access',
        new URLSearchParams({ code, redirect_uri: REDIRECT_URI }).toString(),
        {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
      );

      expect(response.json).toMatchObject({ ok: true, token_type: 'bot' });
    });

    it.each([
      ['a wrong client secret', { client_secret: 'nope' }, 'bad_client_secret'],
      ['an unknown client id', { client_id: '1.2' }, 'invalid_client_id'],
      ['another redirect URI', { redirect_uri: 'http://127.0.0.1:1/other' }, 'bad_redirect_uri'],
      ['an unknown code', { code: 'not-a-code' }, 'invalid_code'],
      ['an unknown grant type', { grant_type: 'password' }, 'invalid_grant_type'],
    ])('refuses an exchange with %s', async (_case, override, error) => {
      const code = await installCode();
      const params = {
        client_id: SLACK_APP.clientId,
        client_secret: SLACK_APP.clientSecret,
        code,
        redirect_uri: REDIRECT_URI,
        ...override,
      };

      const response = await post('oauth.v2.access', new URLSearchParams(params).toString(), {
        'content-type': 'application/x-www-form-urlencoded',
      });

      expect(response.json).toEqual({ ok: false, error });
    });

    it('shows an error page for an unknown client or redirect URI', async () => {
      const unknownClient = await authorize({ client_id: 'nope', redirect_uri: REDIRECT_URI });
      const foreignRedirect = await authorize({
        client_id: SLACK_APP.clientId,
        redirect_uri: 'https://evil.example.com/callback',
      });

      expect(unknownClient.status).toBe(400);
      expect(foreignRedirect.status).toBe(400);
      expect(sandbox.slack.journal().map((entry) => entry.error)).toEqual([
        'invalid_client_id',
        'bad_redirect_uri',
      ]);
    });
  });

  describe('conversations', () => {
    it('lists public channels with their archived and member flags', async () => {
      const result = await bot().conversations.list();

      expect(
        result.channels?.map((channel) => [channel.name, channel.is_archived, channel.is_member]),
      ).toEqual([
        ['general', false, true],
        ['leads', false, true],
        ['sync-errors', false, true],
        ['random', false, false],
        ['expo-2024', true, true],
      ]);
      expect(result.response_metadata?.next_cursor).toBe('');
    });

    it('lists private channels the bot is in, skips archived ones and pages', async () => {
      const client = bot();

      const all = await client.conversations.list({
        types: 'public_channel,private_channel',
        exclude_archived: true,
      });
      const first = await client.conversations.list({ limit: 2 });
      const second = await client.conversations.list({
        limit: 2,
        cursor: first.response_metadata?.next_cursor,
      });

      expect(all.channels?.map((channel) => channel.name)).toEqual([
        'general',
        'leads',
        'sync-errors',
        'random',
        'deal-desk',
      ]);
      expect(all.channels?.find((channel) => channel.name === 'deal-desk')?.is_private).toBe(true);
      expect(first.channels?.map((channel) => channel.name)).toEqual(['general', 'leads']);
      expect(second.channels?.map((channel) => channel.name)).toEqual(['sync-errors', 'random']);
    });

    it('answers conversations.info for visible channels only', async () => {
      const client = bot();

      const leads = await client.conversations.info({ channel: 'C07LEADS001' });
      const hidden = await platformError(client.conversations.info({ channel: 'C07BOARDRM1' }));

      expect(leads.channel).toMatchObject({ id: 'C07LEADS001', name: 'leads', is_member: true });
      expect(hidden.error).toBe('channel_not_found');
    });

    it('joins a public channel, then posting there works', async () => {
      const client = bot();

      const joined = await client.conversations.join({ channel: 'C07RANDOM01' });
      const again = await client.conversations.join({ channel: 'C07RANDOM01' });
      const archived = await platformError(client.conversations.join({ channel: 'C07EXPO2024' }));
      const privateChannel = await platformError(
        client.conversations.join({ channel: 'C07DEALDESK' }),
      );
      const posted = await client.chat.postMessage({ channel: 'C07RANDOM01', text: 'hi' });

      expect(joined.channel).toMatchObject({ id: 'C07RANDOM01', is_member: true });
      expect(again).toMatchObject({ warning: 'already_in_channel' });
      expect(archived.error).toBe('is_archived');
      expect(privateChannel.error).toBe('method_not_supported_for_channel_type');
      expect(posted.ok).toBe(true);
    });
  });

  describe('scenario switches', () => {
    it('answers the next N calls to a method with the armed error, then recovers', async () => {
      const client = bot();
      sandbox.slack.failNext('chat.postMessage', 2, 'not_in_channel');

      const first = await platformError(client.chat.postMessage({ channel: 'leads', text: '1' }));
      const second = await platformError(client.chat.postMessage({ channel: 'leads', text: '2' }));
      const third = await client.chat.postMessage({ channel: 'leads', text: '3' });

      expect([first.error, second.error, third.ok]).toEqual([
        'not_in_channel',
        'not_in_channel',
        true,
      ]);
      expect(sandbox.slack.scenarios()).toEqual([]);
    });

    it('lets the first calls through when armed with after, then answers the error', async () => {
      const client = bot();
      sandbox.slack.failNext('chat.postMessage', 1, 'token_expired', { after: 2 });

      const first = await client.chat.postMessage({ channel: 'leads', text: '1' });
      sandbox.slack.advanceClock(1000);
      const second = await client.chat.postMessage({ channel: 'general', text: '2' });
      const third = await platformError(client.chat.postMessage({ channel: 'leads', text: '3' }));
      sandbox.slack.advanceClock(1000);
      const fourth = await client.chat.postMessage({ channel: 'leads', text: '4' });

      expect([first.ok, second.ok, third.error, fourth.ok]).toEqual([
        true,
        true,
        'token_expired',
        true,
      ]);
      expect(sandbox.slack.messages().map((message) => message.text)).toEqual(['1', '2', '4']);
      expect(sandbox.slack.scenarios()).toEqual([]);
    });

    it('answers 429 with the armed Retry-After, or none', async () => {
      const client = bot();
      sandbox.slack.failNext('chat.postMessage', 1, 'ratelimited', { retryAfterSeconds: 3 });
      sandbox.slack.failNext('chat.postMessage', 1, 'ratelimited_without_retry_after');

      const withHeader = await rejectionOf(
        client.chat.postMessage({ channel: 'leads', text: 'x' }),
      );
      const withoutHeader = await rejectionOf(
        client.chat.postMessage({ channel: 'leads', text: 'x' }),
      );

      expect(withHeader).toMatchObject({ retryAfter: 3 });
      expect(withoutHeader.message).toMatch(/^Retry header did not contain a valid timeout/);
    });

    it('answers 5xx with a JSON or an HTML body', async () => {
      const client = bot();
      sandbox.slack.failNext('auth.test', 1, 'http_503');
      sandbox.slack.failNext('auth.test', 1, 'http_502');

      const unavailable = await rejectionOf(client.auth.test());
      const badGateway = await rejectionOf(client.auth.test());

      expect(unavailable).toBeInstanceOf(WebAPIHTTPError);
      expect(unavailable).toMatchObject({
        statusCode: 503,
        body: { ok: false, error: 'service_unavailable' },
      });
      expect(badGateway).toMatchObject({ statusCode: 502, body: expect.stringContaining('502') });
    });

    it('arms missing_scope with the token scopes and invalid_blocks with block errors', async () => {
      const client = bot({ scopes: ['chat:write'] });
      sandbox.slack.failNext('chat.postMessage', 1, 'missing_scope');
      sandbox.slack.failNext('chat.postMessage', 1, 'invalid_blocks');

      const scope = await platformError(client.chat.postMessage({ channel: 'leads', text: 'x' }));
      const blocks = await platformError(client.chat.postMessage({ channel: 'leads', text: 'x' }));

      expect(scope).toMatchObject({ needed: 'chat:write', provided: 'chat:write' });
      expect(blocks).toMatchObject({
        error: 'invalid_blocks',
        response_metadata: { messages: [expect.stringMatching(/^\[ERROR\] /)] },
      });
    });
  });

  it('answers unknown methods with unknown_method', async () => {
    const data = await platformError(bot().apiCall('chat.fly'));

    expect(data).toMatchObject({ ok: false, error: 'unknown_method', req_method: 'chat.fly' });
  });

  describe('control routes', () => {
    const control = (path: string, init: RequestInit = {}) =>
      fetch(`${sandbox.url}/__sandbox/slack${path}`, {
        ...init,
        headers: { 'content-type': 'application/json' },
      });

    it('installs, arms a switch, shows messages and the journal, and resets over HTTP', async () => {
      const installed: unknown = await (
        await control('/installations', { method: 'POST', body: JSON.stringify({}) })
      ).json();
      const botToken =
        typeof installed === 'object' && installed !== null
          ? Reflect.get(installed, 'botToken')
          : undefined;
      if (typeof botToken !== 'string') throw new Error('no bot token');
      await control('/scenarios', {
        method: 'POST',
        body: JSON.stringify({ method: 'chat.postMessage', kind: 'is_archived' }),
      });
      const client = webClient(botToken);

      const archived = await platformError(
        client.chat.postMessage({ channel: 'leads', text: 'a' }),
      );
      await client.chat.postMessage({ channel: 'leads', text: 'b' });
      const messages: unknown = await (await control('/channels/leads/messages')).json();
      const journal: unknown = await (await control('/journal')).json();
      const reset = await control('/reset', { method: 'POST' });
      const refused = await control('/scenarios', {
        method: 'POST',
        body: JSON.stringify({ method: 'chat.fly', kind: 'is_archived' }),
      });

      expect(archived.error).toBe('is_archived');
      expect(messages).toEqual([expect.objectContaining({ text: 'b', channel: 'C07LEADS001' })]);
      expect(journal).toEqual([
        expect.objectContaining({ method: 'chat.postMessage', error: 'is_archived' }),
        expect.objectContaining({ method: 'chat.postMessage', ok: true }),
      ]);
      expect(reset.status).toBe(204);
      expect(sandbox.slack.messages()).toEqual([]);
      expect(refused.status).toBe(400);
    });

    it('archives a channel and removes the bot from another', async () => {
      await control('/channels/leads', {
        method: 'PATCH',
        body: JSON.stringify({ isArchived: true }),
      });
      await control('/channels/sync-errors', {
        method: 'PATCH',
        body: JSON.stringify({ isMember: false }),
      });
      const client = bot();

      const archived = await platformError(
        client.chat.postMessage({ channel: 'leads', text: 'x' }),
      );
      const left = await platformError(
        client.chat.postMessage({ channel: 'sync-errors', text: 'x' }),
      );

      expect(archived.error).toBe('is_archived');
      expect(left.error).toBe('not_in_channel');
    });
  });

  it('is back to the seeded workspace after reset', async () => {
    sandbox.slack.addChannel({ name: 'expo-2026' });
    sandbox.slack.archiveChannel('leads');
    await bot().chat.postMessage({ channel: 'general', text: 'x' });

    sandbox.slack.reset();

    expect(sandbox.slack.channel('expo-2026')).toBeUndefined();
    expect(sandbox.slack.channel('leads')?.isArchived).toBe(false);
    expect(sandbox.slack.messages()).toEqual([]);
    expect(sandbox.slack.journal()).toEqual([]);
  });
});
