import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import {
  ConnectorError,
  type ConnectorClient,
  type Credentials,
  type UpsertRecord,
  type UpsertResult,
} from '@mobly/connector-sdk';

import { startWebhookReceiver, type RunningWebhookReceiver } from './emulator';
import webhookPlugin, { RECOMMENDED_MAPPINGS_VERSION, webhookConnector } from './index';

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

interface Harness {
  client: ConnectorClient;
  reported: Credentials[];
}

function connect(
  credentials: Credentials = { signingSecret: running.receiver.secret },
  endpointUrl = running.endpointUrl,
): Harness {
  const reported: Credentials[] = [];
  const client = webhookConnector.create({
    credentials,
    settings: { endpointUrl },
    onCredentialsChanged: async (next) => {
      reported.push(next);
    },
  });

  return { client, reported };
}

function lead(key: string, email: string, values: UpsertRecord['values'] = {}): UpsertRecord {
  return {
    key,
    matchEmail: email,
    values: { email, first_name: 'Test', last_name: key, company: 'Acme', ...values },
  };
}

function okResult(result: UpsertResult): Extract<UpsertResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);

  return result;
}

function failedResult(result: UpsertResult): Extract<UpsertResult, { ok: false }> {
  if (result.ok) throw new Error(`expected a failure, got ${result.remoteId}`);

  return result;
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

function writes() {
  return running.receiver
    .journal()
    .filter((entry) => entry.method === 'POST' && entry.path.endsWith('/leads'));
}

/** The Idempotency-Keys of a `POST /leads` body, in order. */
function keysOf(body: string): string[] {
  const parsed: unknown = body === '' ? undefined : JSON.parse(body);
  if (typeof parsed !== 'object' || parsed === null || !('records' in parsed)) return [];
  const records: unknown = parsed.records;

  return Array.isArray(records)
    ? records.map((record: unknown) =>
        typeof record === 'object' && record !== null && 'idempotencyKey' in record
          ? String(record.idempotencyKey)
          : '',
      )
    : [];
}

/** An HTTP server answering every request with `answer`, for receivers that misbehave. */
async function fakeReceiver(
  answer: (keys: string[]) => { status: number; body: unknown },
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (part: Buffer) => (body += part.toString('utf8')));
    req.on('end', () => {
      const reply = answer(keysOf(body));
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  return { url: `http://127.0.0.1:${port}`, server };
}

describe('webhookConnector', () => {
  it('declares a webhook destination on an API key with a signing secret and an endpoint', () => {
    expect(webhookConnector).toMatchObject({
      id: 'acme-webhook',
      category: 'webhook',
      auth: {
        scheme: 'api_key',
        fields: [{ name: 'signingSecret', secret: true, required: true }],
      },
      settings: [{ name: 'endpointUrl', secret: false, required: true }],
      capabilities: {
        objects: [{ name: 'lead', label: 'Lead', role: 'persona' }],
        batchUpsert: true,
        campaigns: false,
        notify: false,
      },
      limits: { maxBatchSize: 50, requestsPerWindow: 120, windowMs: 60_000 },
    });
  });

  it('is the module default export, as the host loads it', () => {
    expect(webhookPlugin).toBe(webhookConnector);
  });

  it('recommends a versioned lead mapping from Mobly lead paths, and nothing else', () => {
    const mappings = webhookConnector.recommendedMappings('lead');

    expect(mappings?.version).toBe(RECOMMENDED_MAPPINGS_VERSION);
    expect(mappings?.rows).toEqual(
      expect.arrayContaining([
        { source: 'firstName', target: 'first_name', behaviour: 'overwrite' },
        { source: 'lastName', target: 'last_name', behaviour: 'overwrite' },
        { source: 'email', target: 'email', behaviour: 'overwrite' },
        { source: 'jobTitle', target: 'job_title', behaviour: 'overwrite' },
        { source: 'company.name', target: 'company', behaviour: 'overwrite' },
        { source: 'phone', target: 'phone', behaviour: 'overwrite' },
        { source: 'leadSource', target: 'lead_source', behaviour: 'write_if_blank' },
      ]),
    );
    expect(webhookConnector.recommendedMappings('contact')).toBeUndefined();
  });
});

describe('WebhookClient.testConnection', () => {
  it('sends a signed ping and names the receiver', async () => {
    const result = await connect().client.testConnection();

    expect(result).toEqual({ ok: true, account: 'Acme lead receiver' });
    const [ping] = running.receiver.journal();
    expect(ping).toMatchObject({ method: 'POST', path: '/hooks/mobly/ping', status: 200 });
    const expected = createHmac('sha256', running.receiver.secret)
      .update(`${ping.timestamp}.${JSON.stringify(ping.body)}`)
      .digest('hex');
    expect(ping.signature).toBe(`sha256=${expected}`);
    expect(Math.abs(Number(ping.timestamp) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('reports a secret the receiver refuses as AUTH_INVALID', async () => {
    const result = await connect({ signingSecret: 'whsec_wrong' }).client.testConnection();

    expect(result).toMatchObject({
      ok: false,
      error: { category: 'AUTH_INVALID', vendorCode: 'invalid_signature', retryable: false },
    });
  });

  it('reports a missing secret as AUTH_INVALID without calling the receiver', async () => {
    const result = await connect({}).client.testConnection();

    expect(result.error).toMatchObject({ category: 'AUTH_INVALID', vendorCode: 'missing_secret' });
    expect(running.receiver.journal()).toEqual([]);
  });

  it.each(['', 'not a url', 'ftp://hooks.example.com'])(
    'reports the endpoint URL "%s" as a connection problem',
    async (endpointUrl) => {
      const result = await connect(undefined, endpointUrl).client.testConnection();

      expect(result.error).toMatchObject({
        category: 'AUTH_INVALID',
        vendorCode: 'invalid_endpoint_url',
      });
    },
  );

  it('reports a receiver that is not listening as REMOTE_UNAVAILABLE', async () => {
    const { url, server } = await fakeReceiver(() => ({ status: 200, body: {} }));
    await new Promise((resolve) => server.close(resolve));

    const result = await connect(undefined, url).client.testConnection();

    expect(result.error).toMatchObject({
      category: 'REMOTE_UNAVAILABLE',
      vendorCode: 'ECONNREFUSED',
      retryable: true,
    });
  });
});

describe('WebhookClient.refreshCredentials', () => {
  it('returns the signing secret unchanged and reports nothing to the host', async () => {
    const harness = connect();

    expect(await harness.client.refreshCredentials()).toEqual({
      signingSecret: running.receiver.secret,
    });
    expect(harness.reported).toEqual([]);
  });
});

describe('WebhookClient.describe', () => {
  it("returns the receiver's lead fields with types, lengths and flags", async () => {
    const schema = await connect().client.describe('lead');

    expect(schema.object).toBe('lead');
    expect(schema.fields.find((field) => field.name === 'email')).toEqual({
      name: 'email',
      label: 'Email',
      type: 'email',
      vendorType: 'email',
      length: 254,
      required: true,
      readOnly: false,
      unique: true,
      externalId: false,
    });
    expect(schema.fields.find((field) => field.name === 'notes')).toMatchObject({
      type: 'textarea',
      vendorType: 'text',
    });
    expect(schema.fields.find((field) => field.name === 'id')).toMatchObject({
      type: 'id',
      readOnly: true,
    });
    expect(running.receiver.journal()[0]).toMatchObject({
      method: 'GET',
      path: '/hooks/mobly/schema/lead',
      status: 200,
    });
  });

  it('refuses an object other than lead without calling the receiver', async () => {
    const error = await rejectionOf(connect().client.describe('contact'));

    expect(error.error).toMatchObject({ category: 'UNKNOWN', vendorCode: 'unknown_object' });
    expect(running.receiver.journal()).toEqual([]);
  });
});

describe('WebhookClient.upsert', () => {
  it('creates new people and answers one result per record, in input order', async () => {
    const records = [
      lead('k1', 'ann@example.com'),
      lead('k2', 'bob@example.com'),
      lead('k3', 'cy@example.com'),
    ];

    const results = await connect().client.upsert('lead', records);

    expect(results.map((result) => [result.key, okResult(result).action])).toEqual([
      ['k1', 'created'],
      ['k2', 'created'],
      ['k3', 'created'],
    ]);
    const stored = running.receiver.records();
    expect(results.map((result) => okResult(result).remoteId)).toEqual(
      ['ann@example.com', 'bob@example.com', 'cy@example.com'].map(
        (email) => stored.find((entry) => entry.fields.email === email)?.id,
      ),
    );
    expect(results[0]).toMatchObject({ object: 'lead' });
  });

  it('posts the batch as one signed JSON call with an Idempotency-Key per record', async () => {
    await connect().client.upsert('lead', [
      { ...lead('k1', 'ann@example.com'), writeIfBlank: ['lead_source'] },
      lead('k2', 'bob@example.com'),
    ]);

    const [call] = writes();
    expect(call).toMatchObject({ status: 200, records: 2 });
    expect(call.body).toEqual({
      records: [
        {
          idempotencyKey: expect.stringMatching(/^[0-9a-f]{64}$/),
          matchEmail: 'ann@example.com',
          fields: {
            email: 'ann@example.com',
            first_name: 'Test',
            last_name: 'k1',
            company: 'Acme',
          },
          writeIfBlank: ['lead_source'],
        },
        {
          idempotencyKey: expect.stringMatching(/^[0-9a-f]{64}$/),
          matchEmail: 'bob@example.com',
          fields: {
            email: 'bob@example.com',
            first_name: 'Test',
            last_name: 'k2',
            company: 'Acme',
          },
        },
      ],
    });
    expect(new Set(call.idempotencyKeys).size).toBe(2);
  });

  it('updates the person with the same email instead of creating a second one', async () => {
    const { client } = connect();
    const [created] = await client.upsert('lead', [lead('k1', 'ann@example.com')]);

    const [updated] = await client.upsert('lead', [
      lead('k2', 'ANN@example.com', { email: 'ANN@example.com', job_title: 'CTO' }),
    ]);

    expect(okResult(updated)).toMatchObject({
      action: 'updated',
      remoteId: okResult(created).remoteId,
    });
    expect(running.receiver.records()).toHaveLength(1);
    expect(running.receiver.records()[0].fields.job_title).toBe('CTO');
  });

  it('writes by the stored remote id first', async () => {
    const { client } = connect();
    const [created] = await client.upsert('lead', [lead('k1', 'ann@example.com')]);

    const [moved] = await client.upsert('lead', [
      { ...lead('k1', 'ann.new@example.com'), remoteId: okResult(created).remoteId },
    ]);

    expect(okResult(moved)).toMatchObject({
      action: 'updated',
      remoteId: okResult(created).remoteId,
    });
    expect(running.receiver.records().map((entry) => entry.fields.email)).toEqual([
      'ann.new@example.com',
    ]);
  });

  it('creates nothing twice when the same delivery is replayed', async () => {
    const records = [lead('k1', 'ann@example.com'), lead('k2', 'bob@example.com')];
    const first = await connect().client.upsert('lead', records);

    const replayed = await connect().client.upsert('lead', records);

    expect(replayed).toEqual(first);
    expect(running.receiver.records()).toHaveLength(2);
    const [firstCall, secondCall] = writes();
    expect(secondCall.idempotencyKeys).toEqual(firstCall.idempotencyKeys);
  });

  it('gives an edited lead a new Idempotency-Key so the edit is written', async () => {
    const { client } = connect();
    await client.upsert('lead', [lead('k1', 'ann@example.com')]);

    await client.upsert('lead', [lead('k1', 'ann@example.com', { job_title: 'CFO' })]);

    const [firstCall, secondCall] = writes();
    expect(secondCall.idempotencyKeys).not.toEqual(firstCall.idempotencyKeys);
    expect(running.receiver.records()[0].fields.job_title).toBe('CFO');
  });

  it('keeps a write-if-blank field the receiver already holds', async () => {
    const { client } = connect();
    await client.upsert('lead', [lead('k1', 'ann@example.com', { lead_source: 'Web' })]);

    await client.upsert('lead', [
      {
        ...lead('k1', 'ann@example.com', { lead_source: 'Trade show', job_title: 'CTO' }),
        writeIfBlank: ['lead_source'],
      },
    ]);

    expect(running.receiver.records()[0].fields).toMatchObject({
      lead_source: 'Web',
      job_title: 'CTO',
    });
  });

  it('writes the good records of a batch and fails each bad one with its category', async () => {
    const results = await connect().client.upsert('lead', [
      lead('good1', 'ann@example.com'),
      lead('email', 'bertha-at-fcof.net'),
      lead('long', 'long@example.com', { job_title: 'T'.repeat(129) }),
      lead('unknown', 'odd@example.com', { shoe_size: 44 }),
      { ...lead('gone', 'gone@example.com'), remoteId: 'lead_999999' },
      lead('good2', 'bob@example.com'),
    ]);

    expect(results.map((result) => result.key)).toEqual([
      'good1',
      'email',
      'long',
      'unknown',
      'gone',
      'good2',
    ]);
    expect(okResult(results[0]).action).toBe('created');
    expect(failedResult(results[1]).error).toMatchObject({
      category: 'DATA_VALUE_VALIDATION',
      vendorCode: 'invalid_email',
      field: 'email',
    });
    expect(failedResult(results[2]).error).toMatchObject({
      category: 'DATA_VALUE_VALIDATION',
      vendorCode: 'too_long',
      field: 'job_title',
    });
    expect(failedResult(results[3]).error).toMatchObject({
      category: 'MISSING_REMOTE_FIELD',
      vendorCode: 'unknown_field',
      field: 'shoe_size',
    });
    expect(failedResult(results[4]).error).toMatchObject({
      category: 'REMOTE_RECORD_NOT_FOUND',
      vendorCode: 'not_found',
    });
    expect(okResult(results[5]).action).toBe('created');
    expect(writes()[0].status).toBe(207);
  });

  it('splits more records than the batch size into calls of at most 50', async () => {
    const records = Array.from({ length: 120 }, (_, index) =>
      lead(`k${index}`, `person.${index}@example.com`),
    );

    const results = await connect().client.upsert('lead', records);

    expect(writes().map((call) => call.records)).toEqual([50, 50, 20]);
    expect(results.map((result) => result.key)).toEqual(records.map((record) => record.key));
    expect(results.every((result) => result.ok)).toBe(true);
  });

  it('answers an empty batch without calling the receiver', async () => {
    expect(await connect().client.upsert('lead', [])).toEqual([]);
    expect(running.receiver.journal()).toEqual([]);
  });

  it('throws RATE_LIMITED with the wait the receiver asked for', async () => {
    running.receiver.failNext('leads', 1, 'rate_limited', { retryAfterSeconds: 7 });

    const error = await rejectionOf(
      connect().client.upsert('lead', [lead('k1', 'ann@example.com')]),
    );

    expect(error.error).toMatchObject({
      category: 'RATE_LIMITED',
      vendorCode: 'rate_limited',
      retryable: true,
      retryAfterMs: 7_000,
    });
    expect(running.receiver.records()).toEqual([]);
  });

  it("throws RATE_LIMITED when the receiver's own request budget runs out", async () => {
    const strict = await startWebhookReceiver({
      port: 0,
      rateLimit: { requests: 2, windowMs: 60_000 },
    });
    try {
      const { client } = connect({ signingSecret: strict.receiver.secret }, strict.endpointUrl);
      await client.upsert('lead', [lead('k1', 'ann@example.com')]);
      await client.upsert('lead', [lead('k2', 'bob@example.com')]);

      const error = await rejectionOf(client.upsert('lead', [lead('k3', 'cy@example.com')]));

      expect(error.error.category).toBe('RATE_LIMITED');
      expect(error.error.retryAfterMs).toBeGreaterThan(50_000);
    } finally {
      await strict.close();
    }
  });

  it.each([
    ['unavailable', 'REMOTE_UNAVAILABLE', 'unavailable', true],
    ['server_error', 'REMOTE_UNAVAILABLE', 'internal_error', true],
    ['bad_gateway', 'REMOTE_UNAVAILABLE', 'HTTP_502', true],
    ['secret_expired', 'AUTH_INVALID', 'secret_expired', false],
  ] as const)('throws the whole call as %s → %s', async (kind, category, vendorCode, retryable) => {
    running.receiver.failNext('leads', 1, kind);

    const error = await rejectionOf(
      connect().client.upsert('lead', [lead('k1', 'ann@example.com')]),
    );

    expect(error.error).toMatchObject({ category, vendorCode, retryable });
  });

  it('throws AUTH_INVALID once the receiver rotated its secret', async () => {
    const { client } = connect();
    running.receiver.setSecret('whsec_rotated');

    const error = await rejectionOf(client.upsert('lead', [lead('k1', 'ann@example.com')]));

    expect(error.error).toMatchObject({
      category: 'AUTH_INVALID',
      vendorCode: 'invalid_signature',
    });
  });

  it('matches results by Idempotency-Key when the receiver answers them out of order', async () => {
    const { url, server } = await fakeReceiver((keys) => {
      const results = keys.map((idempotencyKey, index) => ({
        idempotencyKey,
        status: 201,
        id: `remote-${index}`,
      }));

      return { status: 200, body: { results: results.reverse() } };
    });
    try {
      const results = await connect(undefined, url).client.upsert('lead', [
        lead('k1', 'ann@example.com'),
        lead('k2', 'bob@example.com'),
      ]);

      expect(results.map((result) => [result.key, okResult(result).remoteId])).toEqual([
        ['k1', 'remote-0'],
        ['k2', 'remote-1'],
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('fails a record the receiver answered nothing for, keeping the others', async () => {
    const { url, server } = await fakeReceiver((keys) => ({
      status: 200,
      body: { results: [{ idempotencyKey: keys[0], status: 201, id: 'r1' }] },
    }));
    try {
      const [first, second] = await connect(undefined, url).client.upsert('lead', [
        lead('k1', 'ann@example.com'),
        lead('k2', 'bob@example.com'),
      ]);

      expect(okResult(first).remoteId).toBe('r1');
      expect(failedResult(second).error).toMatchObject({
        category: 'UNKNOWN',
        vendorCode: 'missing_result',
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('throws UNKNOWN when the receiver answers something that is not a result list', async () => {
    const { url, server } = await fakeReceiver(() => ({ status: 200, body: { ok: true } }));
    try {
      const error = await rejectionOf(
        connect(undefined, url).client.upsert('lead', [lead('k1', 'ann@example.com')]),
      );

      expect(error.error).toMatchObject({ category: 'UNKNOWN', vendorCode: 'malformed_response' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
