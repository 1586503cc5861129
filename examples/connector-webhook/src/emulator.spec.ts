import { createHmac } from 'node:crypto';

import {
  DEFAULT_RECEIVER_SECRET,
  RECEIVER_PATH,
  startWebhookReceiver,
  type RunningWebhookReceiver,
} from './emulator';

const VERSION = '2026-01-01';

let running: RunningWebhookReceiver;

beforeAll(async () => {
  running = await startWebhookReceiver({ port: 0 });
});

afterAll(async () => {
  await running.close();
});

beforeEach(() => {
  running.receiver.reset();
});

interface Signing {
  secret?: string;
  timestamp?: number;
  version?: string | null;
  signature?: string | null;
}

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Calls the receiver the way the protocol says, signing with our own HMAC. */
async function call(
  method: 'GET' | 'POST',
  path: string,
  payload?: unknown,
  signing: Signing = {},
): Promise<Answer> {
  const body = payload === undefined ? '' : JSON.stringify(payload);
  const timestamp = String(signing.timestamp ?? Math.floor(Date.now() / 1000));
  const digest = createHmac('sha256', signing.secret ?? DEFAULT_RECEIVER_SECRET)
    .update(`${timestamp}.${body}`)
    .digest('hex');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signing.version !== null) headers['X-Mobly-Webhook-Version'] = signing.version ?? VERSION;
  if (signing.signature !== null) {
    headers['X-Mobly-Timestamp'] = timestamp;
    headers['X-Mobly-Signature'] = signing.signature ?? `sha256=${digest}`;
  }
  const response = await fetch(`${running.endpointUrl}${path}`, {
    method,
    headers,
    body: payload === undefined ? undefined : body,
  });
  const text = await response.text();

  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : parse(text),
  };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function control(method: string, path: string, payload?: unknown): Promise<Answer> {
  const response = await fetch(`${running.url}/__sandbox/webhook${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
  const text = await response.text();

  return { status: response.status, headers: response.headers, body: text ? parse(text) : '' };
}

function record(key: string, email: string, fields: Record<string, unknown> = {}) {
  return { idempotencyKey: key, matchEmail: email, fields: { email, last_name: key, ...fields } };
}

describe('startWebhookReceiver', () => {
  it('serves the receiver under its endpoint path on a free port', () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.endpointUrl).toBe(`${running.url}${RECEIVER_PATH}`);
  });
});

describe('WebhookReceiver signature checks', () => {
  it('answers a correctly signed ping with its name', async () => {
    const answer = await call('POST', '/ping', { ping: true });

    expect(answer).toMatchObject({
      status: 200,
      body: { ok: true, receiver: 'Acme lead receiver' },
    });
  });

  it('refuses an unsigned request', async () => {
    const answer = await call('POST', '/ping', { ping: true }, { signature: null });

    expect(answer).toMatchObject({ status: 401, body: { error: { code: 'missing_signature' } } });
  });

  it('refuses a request signed with another secret', async () => {
    const answer = await call('POST', '/ping', { ping: true }, { secret: 'whsec_other' });

    expect(answer).toMatchObject({ status: 401, body: { error: { code: 'invalid_signature' } } });
  });

  it('refuses a body changed after signing', async () => {
    const body = '{"ping":true}';
    const timestamp = String(Math.floor(Date.now() / 1000));
    const digest = createHmac('sha256', DEFAULT_RECEIVER_SECRET)
      .update(`${timestamp}.${body}`)
      .digest('hex');

    const response = await fetch(`${running.endpointUrl}/ping`, {
      method: 'POST',
      headers: {
        'X-Mobly-Webhook-Version': VERSION,
        'X-Mobly-Timestamp': timestamp,
        'X-Mobly-Signature': `sha256=${digest}`,
      },
      body: '{"ping":false}',
    });

    expect(response.status).toBe(401);
  });

  it.each([
    ['more than five minutes old', -301],
    ['more than five minutes ahead', 301],
  ])('refuses a timestamp %s', async (_what, offsetSeconds) => {
    const timestamp = Math.floor(Date.now() / 1000) + offsetSeconds;

    const answer = await call('POST', '/ping', { ping: true }, { timestamp });

    expect(answer).toMatchObject({ status: 401, body: { error: { code: 'stale_timestamp' } } });
  });

  it('accepts a timestamp within the window', async () => {
    const timestamp = Math.floor(Date.now() / 1000) - 240;

    expect((await call('POST', '/ping', { ping: true }, { timestamp })).status).toBe(200);
  });

  it('refuses another protocol version', async () => {
    const answer = await call('POST', '/ping', { ping: true }, { version: '2020-01-01' });

    expect(answer).toMatchObject({
      status: 400,
      body: { error: { code: 'unsupported_version' } },
    });
  });

  it('verifies with the new secret once it was rotated', async () => {
    running.receiver.setSecret('whsec_new');

    expect((await call('POST', '/ping', { ping: true })).status).toBe(401);
    expect((await call('POST', '/ping', { ping: true }, { secret: 'whsec_new' })).status).toBe(200);
  });
});

describe('WebhookReceiver schema', () => {
  it('describes the lead object with typed fields', async () => {
    const answer = await call('GET', '/schema/lead');

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      object: 'lead',
      fields: expect.arrayContaining([
        {
          name: 'email',
          label: 'Email',
          type: 'email',
          required: true,
          readOnly: false,
          unique: true,
          maxLength: 254,
        },
      ]),
    });
  });

  it('answers 404 for another object', async () => {
    const answer = await call('GET', '/schema/contact');

    expect(answer).toMatchObject({ status: 404, body: { error: { code: 'unknown_object' } } });
  });
});

describe('WebhookReceiver POST /leads', () => {
  it('creates leads and answers one result per record in order', async () => {
    const answer = await call('POST', '/leads', {
      records: [record('a', 'ann@example.com'), record('b', 'bob@example.com')],
    });

    expect(answer).toEqual({
      status: 200,
      headers: expect.anything(),
      body: {
        results: [
          { idempotencyKey: 'a', status: 201, id: 'lead_000001' },
          { idempotencyKey: 'b', status: 201, id: 'lead_000002' },
        ],
      },
    });
    expect(running.receiver.records().map((lead) => lead.fields)).toEqual([
      { email: 'ann@example.com', last_name: 'a' },
      { email: 'bob@example.com', last_name: 'b' },
    ]);
  });

  it('answers a replayed Idempotency-Key with its first result and stores nothing new', async () => {
    await call('POST', '/leads', { records: [record('a', 'ann@example.com')] });

    const replay = await call('POST', '/leads', {
      records: [record('a', 'ann@example.com', { job_title: 'ignored' })],
    });

    expect(replay.body).toEqual({
      results: [{ idempotencyKey: 'a', status: 201, id: 'lead_000001' }],
    });
    expect(running.receiver.records()).toHaveLength(1);
    expect(running.receiver.records()[0].fields).not.toHaveProperty('job_title');
  });

  it('updates the lead with the same email, whatever its case', async () => {
    await call('POST', '/leads', { records: [record('a', 'ann@example.com')] });

    const answer = await call('POST', '/leads', {
      records: [record('b', 'ANN@Example.com', { job_title: 'CTO' })],
    });

    expect(answer.body).toEqual({
      results: [{ idempotencyKey: 'b', status: 200, id: 'lead_000001' }],
    });
    expect(running.receiver.countByEmail('ann@example.com')).toBe(1);
    expect(running.receiver.records()[0].fields.job_title).toBe('CTO');
  });

  it('rejects an invalid email per record with 207 and keeps the valid ones', async () => {
    const answer = await call('POST', '/leads', {
      records: [record('a', 'ann@example.com'), record('b', 'bob(at)example.com')],
    });

    expect(answer).toMatchObject({
      status: 207,
      body: {
        results: [
          { idempotencyKey: 'a', status: 201 },
          {
            idempotencyKey: 'b',
            status: 400,
            error: { code: 'invalid_email', field: 'email' },
          },
        ],
      },
    });
    expect(running.receiver.records()).toHaveLength(1);
  });

  it.each([
    ['an unknown field', { shoe_size: 44 }, 'unknown_field', 'shoe_size'],
    ['a read-only field', { created_at: '2026-01-01' }, 'read_only', 'created_at'],
    ['a number in a text field', { company: 12 }, 'invalid_type', 'company'],
    ['text in a number field', { employees: 'many' }, 'invalid_type', 'employees'],
    ['an over-long value', { company: 'C'.repeat(256) }, 'too_long', 'company'],
    ['a blank required email', { email: null }, 'required', 'email'],
  ])('rejects %s', async (_what, fields, code, field) => {
    const answer = await call('POST', '/leads', {
      records: [record('a', 'ann@example.com', fields)],
    });

    expect(answer.body).toMatchObject({
      results: [{ idempotencyKey: 'a', status: 400, error: { code, field } }],
    });
  });

  it('answers 404 for a record whose id it does not know', async () => {
    const answer = await call('POST', '/leads', {
      records: [{ ...record('a', 'ann@example.com'), id: 'lead_424242' }],
    });

    expect(answer.body).toMatchObject({
      results: [{ idempotencyKey: 'a', status: 404, error: { code: 'not_found' } }],
    });
  });

  it('keeps write-if-blank fields that already hold a value', async () => {
    await call('POST', '/leads', {
      records: [record('a', 'ann@example.com', { lead_source: 'Web' })],
    });

    await call('POST', '/leads', {
      records: [
        {
          ...record('b', 'ann@example.com', { lead_source: 'Expo', city: 'Lyon' }),
          writeIfBlank: ['lead_source', 'city'],
        },
      ],
    });

    expect(running.receiver.records()[0].fields).toMatchObject({
      lead_source: 'Web',
      city: 'Lyon',
    });
  });

  it('refuses more records than its batch size', async () => {
    const records = Array.from({ length: 51 }, (_, index) =>
      record(`k${index}`, `p${index}@example.com`),
    );

    const answer = await call('POST', '/leads', { records });

    expect(answer).toMatchObject({ status: 413, body: { error: { code: 'batch_too_large' } } });
    expect(running.receiver.records()).toEqual([]);
  });

  it('refuses a body that is not a record list', async () => {
    const answer = await call('POST', '/leads', { leads: [] });

    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'malformed_body' } } });
  });
});

describe('WebhookReceiver rate limit', () => {
  it('answers 429 with Retry-After once the window is spent', async () => {
    const strict = await startWebhookReceiver({
      port: 0,
      rateLimit: { requests: 1, windowMs: 30_000 },
    });
    try {
      const ping = () =>
        fetch(`${strict.endpointUrl}/ping`, {
          method: 'POST',
          headers: { 'X-Mobly-Webhook-Version': VERSION },
        });
      expect((await ping()).status).toBe(401);

      const limited = await ping();

      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
    } finally {
      await strict.close();
    }
  });
});

describe('WebhookReceiver.failNext', () => {
  it.each([
    ['rate_limited', 429, 'rate_limited', '1'],
    ['unavailable', 503, 'unavailable', null],
    ['server_error', 500, 'internal_error', null],
    ['secret_expired', 401, 'secret_expired', null],
  ] as const)('answers %s with %i', async (kind, status, code, retryAfter) => {
    running.receiver.failNext('leads', 1, kind);

    const answer = await call('POST', '/leads', { records: [record('a', 'ann@example.com')] });

    expect(answer).toMatchObject({ status, body: { error: { code } } });
    expect(answer.headers.get('retry-after')).toBe(retryAfter);
    expect(running.receiver.records()).toEqual([]);
  });

  it('answers bad_gateway with an HTML page', async () => {
    running.receiver.failNext('any', 1, 'bad_gateway');

    const answer = await call('POST', '/ping', { ping: true });

    expect(answer.status).toBe(502);
    expect(answer.headers.get('content-type')).toContain('text/html');
  });

  it('sends the Retry-After it was given and is used up after `count` calls', async () => {
    running.receiver.failNext('leads', 2, 'rate_limited', { retryAfterSeconds: 9 });
    const payload = { records: [record('a', 'ann@example.com')] };

    const first = await call('POST', '/leads', payload);
    const second = await call('POST', '/leads', payload);
    const third = await call('POST', '/leads', payload);

    expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
    expect(first.headers.get('retry-after')).toBe('9');
    expect(running.receiver.scenarios()).toEqual([]);
  });

  it('leaves other routes alone', async () => {
    running.receiver.failNext('leads', 1, 'unavailable');

    expect((await call('POST', '/ping', { ping: true })).status).toBe(200);
    expect(running.receiver.scenarios()).toHaveLength(1);
  });
});

describe('WebhookReceiver journal and reset', () => {
  it('journals each call with its signature headers, keys and record count', async () => {
    await call('POST', '/leads', { records: [record('a', 'ann@example.com')] });
    await call('GET', '/schema/lead', undefined, { secret: 'wrong' });

    const [write, schema] = running.receiver.journal();

    expect(write).toMatchObject({
      method: 'POST',
      path: '/hooks/mobly/leads',
      status: 200,
      timestamp: expect.stringMatching(/^\d+$/),
      signature: expect.stringMatching(/^sha256=[0-9a-f]{64}$/),
      idempotencyKeys: ['a'],
      records: 1,
    });
    expect(schema).toMatchObject({ method: 'GET', status: 401, records: 0 });
  });

  it('forgets leads, keys, journal, switches and a rotated secret on reset', async () => {
    await call('POST', '/leads', { records: [record('a', 'ann@example.com')] });
    running.receiver.failNext('any', 3, 'unavailable');
    running.receiver.setSecret('whsec_new');

    running.receiver.reset();

    expect(running.receiver.records()).toEqual([]);
    expect(running.receiver.journal()).toEqual([]);
    expect(running.receiver.scenarios()).toEqual([]);
    expect(running.receiver.secret).toBe(DEFAULT_RECEIVER_SECRET);
    const again = await call('POST', '/leads', { records: [record('a', 'ann@example.com')] });
    expect(again.body).toEqual({
      results: [{ idempotencyKey: 'a', status: 201, id: 'lead_000001' }],
    });
  });
});

describe('WebhookReceiver HTTP controls', () => {
  it('arms, lists and clears scenario switches', async () => {
    const armed = await control('POST', '/scenarios', {
      route: 'leads',
      kind: 'rate_limited',
      count: 2,
      retryAfterSeconds: 4,
    });

    expect(armed).toMatchObject({
      status: 201,
      body: [{ route: 'leads', kind: 'rate_limited', remaining: 2, retryAfterSeconds: 4 }],
    });
    expect((await control('DELETE', '/scenarios')).status).toBe(204);
    expect((await control('GET', '/scenarios')).body).toEqual([]);
  });

  it('refuses an unknown scenario kind', async () => {
    const answer = await control('POST', '/scenarios', { route: 'leads', kind: 'meteor' });

    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid kind' } });
  });

  it('lists records, filtered by email', async () => {
    await call('POST', '/leads', {
      records: [record('a', 'ann@example.com'), record('b', 'bob@example.com')],
    });

    const all = await control('GET', '/records');
    const ann = await control('GET', '/records?email=ANN@example.com');

    expect(all.body).toHaveLength(2);
    expect(ann.body).toMatchObject([{ id: 'lead_000001', fields: { email: 'ann@example.com' } }]);
  });

  it('serves and clears the journal', async () => {
    await call('POST', '/ping', { ping: true });

    expect((await control('GET', '/journal')).body).toMatchObject([{ path: '/hooks/mobly/ping' }]);
    expect((await control('DELETE', '/journal')).status).toBe(204);
    expect(running.receiver.journal()).toEqual([]);
  });

  it('rotates the secret and resets', async () => {
    expect((await control('PUT', '/secret', { secret: 'whsec_http' })).status).toBe(204);
    expect(running.receiver.secret).toBe('whsec_http');

    expect((await control('POST', '/reset')).status).toBe(204);
    expect(running.receiver.secret).toBe(DEFAULT_RECEIVER_SECRET);
  });
});
