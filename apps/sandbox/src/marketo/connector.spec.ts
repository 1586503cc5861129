import '../unset-proxy-env';

import {
  ConnectorError,
  type ConnectorClient,
  type ErrorCategory,
  type Settings,
  type UpsertRecord,
  type UpsertResult,
} from '@libs/connector-sdk';
import { marketoConnector } from '@plugins/marketo';

import { startSandbox, type Sandbox } from '../index';
import type { MarketoResponseErrorCode } from './index';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.marketo.reset();
});

function connect(
  credentials: Partial<Record<'clientId' | 'clientSecret', string>> = {},
  settings: Settings = {},
): ConnectorClient {
  return marketoConnector.create({
    credentials: { ...sandbox.marketo.credentials(), ...credentials },
    settings: { ...sandbox.marketo.baseUrls(sandbox.url), ...settings },
    onCredentialsChanged: async () => undefined,
  });
}

function lead(key: string, email: string, values: UpsertRecord['values'] = {}): UpsertRecord {
  return {
    key,
    matchEmail: email,
    values: {
      email,
      firstName: `First ${key}`,
      lastName: `Last ${key}`,
      company: 'Acme',
      ...values,
    },
  };
}

function calls(route: string): number {
  return sandbox.marketo.journal().filter((entry) => entry.route === route).length;
}

function okResult(result: UpsertResult): Extract<UpsertResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);

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

/** Records a Sync Leads body carried. */
function inputSize(body: unknown): number {
  const input = typeof body === 'object' && body !== null && 'input' in body ? body.input : [];

  return Array.isArray(input) ? input.length : 0;
}

function emailCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const remote of sandbox.marketo.leads()) {
    const email = String(remote.email).toLowerCase();
    counts.set(email, (counts.get(email) ?? 0) + 1);
  }

  return counts;
}

describe('marketoConnector against the Marketo emulator', () => {
  it('declares a marketing-automation connector on client credentials with Marketo limits', () => {
    expect(marketoConnector).toMatchObject({
      id: 'marketo',
      category: 'marketing_automation',
      auth: { scheme: 'client_credentials' },
      capabilities: {
        objects: [{ name: 'leads', label: 'Lead', role: 'persona' }],
        batchUpsert: true,
        campaigns: true,
        notify: false,
      },
      limits: {
        maxBatchSize: 300,
        requestsPerWindow: 100,
        windowMs: 20_000,
        dailyCap: 50_000,
        concurrency: 10,
      },
    });
    expect(marketoConnector.auth.fields.map((field) => [field.name, field.secret])).toEqual([
      ['clientId', false],
      ['clientSecret', true],
    ]);
    expect(marketoConnector.settings.map((field) => [field.name, field.required])).toEqual([
      ['restBaseUrl', true],
      ['identityBaseUrl', true],
      ['programStatus', false],
    ]);
    expect(marketoConnector.recommendedMappings('leads')?.version).toEqual(expect.any(String));
  });

  describe('authentication', () => {
    it('tests the connection with a token from the identity endpoint', async () => {
      const result = await connect().testConnection();

      expect(result).toEqual({ ok: true, account: new URL(sandbox.url).host });
      expect(calls('identity')).toBe(1);
    });

    it('keeps the token in memory across calls until it expires', async () => {
      const client = connect();

      await client.upsert('leads', [lead('a', 'a@example.com')]);
      await client.upsert('leads', [lead('b', 'b@example.com')]);
      await client.describe('leads');

      expect(calls('identity')).toBe(1);
    });

    it('reports a bad client secret as AUTH_INVALID', async () => {
      const client = connect({ clientSecret: 'wrong' });

      const error = await rejectionOf(client.upsert('leads', [lead('a', 'a@example.com')]));
      const test = await client.testConnection();

      expect(error.error).toEqual({
        category: 'AUTH_INVALID',
        vendorCode: 'invalid_client',
        vendorMessage: 'Bad client credentials',
        retryable: false,
      });
      expect(test).toMatchObject({ ok: false, error: { category: 'AUTH_INVALID' } });
      expect(sandbox.marketo.leads()).toHaveLength(0);
    });

    it('reports missing settings as AUTH_INVALID without calling Marketo', async () => {
      const client = connect({}, { restBaseUrl: '' });

      await expect(client.describe('leads')).rejects.toMatchObject({
        category: 'AUTH_INVALID',
        error: { vendorCode: 'INVALID_SETTINGS' },
      });
      expect(sandbox.marketo.journal()).toHaveLength(0);
    });

    it('treats expires_in 0 as expired: waits and asks the identity endpoint again', async () => {
      sandbox.marketo.failNext('identity', 1, 'expires_in_zero');

      const [result] = await connect().upsert('leads', [lead('a', 'a@example.com')]);

      expect(result.ok).toBe(true);
      expect(calls('identity')).toBe(2);
    });

    it.each<[MarketoResponseErrorCode]>([['601'], ['602']])(
      're-authenticates once after a %s mid-batch and replays that batch once',
      async (code) => {
        const client = connect();
        const records = Array.from({ length: 900 }, (_, index) =>
          lead(`k${index}`, `person${index}@example.com`),
        );
        sandbox.marketo.failNext('leads.sync', 1, code, { after: 1 });

        const results = await client.upsert('leads', records);

        expect(results.every((result) => result.ok)).toBe(true);
        expect(results.map((result) => result.key)).toEqual(records.map((record) => record.key));
        expect(calls('identity')).toBe(2);
        expect(calls('leads.sync')).toBe(4);
        expect(sandbox.marketo.journal().filter((entry) => entry.errorCode === code)).toHaveLength(
          1,
        );
        expect(emailCounts().size).toBe(900);
        expect([...emailCounts().values()].every((count) => count === 1)).toBe(true);
      },
    );

    it('gives up with AUTH_INVALID when the replay is refused again', async () => {
      sandbox.marketo.failNext('leads.sync', 2, '602');

      const error = await rejectionOf(connect().upsert('leads', [lead('a', 'a@example.com')]));

      expect(error.error).toMatchObject({ category: 'AUTH_INVALID', vendorCode: '602' });
      expect(calls('identity')).toBe(2);
      expect(calls('leads.sync')).toBe(2);
    });
  });

  describe('describe', () => {
    it('normalises the lead describe', async () => {
      const schema = await connect().describe('leads');
      const byName = new Map(schema.fields.map((field) => [field.name, field]));

      expect(schema.object).toBe('leads');
      expect(schema.fields).toHaveLength(100);
      expect(byName.get('email')).toMatchObject({
        label: 'Email Address',
        type: 'email',
        length: 255,
        required: true,
        readOnly: false,
      });
      expect(byName.get('id')).toMatchObject({ type: 'id', readOnly: true, unique: true });
      expect(byName.get('mktoName')).toMatchObject({ type: 'string', readOnly: true });
      expect(byName.get('annualRevenue')).toMatchObject({ type: 'number', vendorType: 'currency' });
      expect(byName.get('billingStreet')).toMatchObject({ type: 'textarea', vendorType: 'text' });
      expect(byName.get('boolean_field')).toMatchObject({ type: 'boolean' });
      expect(byName.get('leadPartitionId')).toMatchObject({ type: 'reference' });
      expect(schema.fields.filter((field) => field.required).map((field) => field.name)).toEqual([
        'email',
      ]);
    });

    it('refuses objects other than leads', async () => {
      await expect(connect().describe('programs')).rejects.toMatchObject({
        category: 'UNKNOWN',
        error: { vendorCode: 'UNSUPPORTED_OBJECT' },
      });
    });
  });

  describe('upsert', () => {
    it('creates leads by email and updates them on the next call, a plus sign included', async () => {
      const client = connect();

      const created = await client.upsert('leads', [
        lead('plus', 'jane+expo@example.com'),
        lead('plain', 'john@example.com'),
      ]);
      const updated = await client.upsert('leads', [
        lead('plus-again', 'Jane+Expo@example.com', { title: 'CTO' }),
        lead('plain-again', 'john@example.com', { title: 'CEO' }),
      ]);

      const remote = sandbox.marketo.leads();
      expect(remote).toHaveLength(2);
      expect(remote.map((item) => item.email)).toEqual([
        'Jane+Expo@example.com',
        'john@example.com',
      ]);
      expect(created.map((result) => okResult(result).action)).toEqual(['created', 'created']);
      expect(updated).toEqual([
        {
          key: 'plus-again',
          ok: true,
          remoteId: okResult(created[0]).remoteId,
          action: 'updated',
          object: 'leads',
        },
        {
          key: 'plain-again',
          ok: true,
          remoteId: okResult(created[1]).remoteId,
          action: 'updated',
          object: 'leads',
        },
      ]);
      expect(remote.map((item) => item.title)).toEqual(['CTO', 'CEO']);
      expect(sandbox.marketo.journal().find((entry) => entry.route === 'leads.sync')?.body).toEqual(
        {
          action: 'createOrUpdate',
          lookupField: 'email',
          input: [
            expect.objectContaining({ email: 'jane+expo@example.com' }),
            expect.objectContaining({ email: 'john@example.com' }),
          ],
        },
      );
    });

    it('percent-encodes a plus email in the filter that reads write-if-blank fields', async () => {
      const id = sandbox.marketo.seedLead({ email: 'ann+expo@example.com', leadSource: 'Web' });

      const [result] = await connect().upsert('leads', [
        {
          ...lead('ann', 'ann+expo@example.com', { leadSource: 'Expo 2026', rating: 'Hot' }),
          writeIfBlank: ['leadSource', 'rating'],
        },
      ]);

      expect(okResult(result)).toMatchObject({ action: 'updated', remoteId: String(id) });
      expect(sandbox.marketo.lead(id)).toMatchObject({ leadSource: 'Web', rating: 'Hot' });
      expect(
        sandbox.marketo.journal().find((entry) => entry.route === 'leads.query')?.query,
      ).toEqual({
        filterType: 'email',
        filterValues: 'ann+expo@example.com',
        fields: 'id,email,leadSource,rating',
      });
    });

    it('fails only the bad records of a batch, each with its category', async () => {
      const results = await connect().upsert('leads', [
        lead('ok-1', 'ok1@example.com'),
        lead('bad-boolean', 'b@example.com', { boolean_field: 'maybe' }),
        lead('no-field', 'c@example.com', { foo: 'bar' }),
        lead('bad-email', 'not-an-email'),
        lead('ok-2', 'ok2@example.com'),
      ]);

      expect(results.map((result) => (result.ok ? 'ok' : result.error.category))).toEqual([
        'ok',
        'DATA_VALUE_VALIDATION',
        'MISSING_REMOTE_FIELD',
        'DATA_VALUE_VALIDATION',
        'ok',
      ]);
      expect(results[1]).toEqual({
        key: 'bad-boolean',
        ok: false,
        error: {
          category: 'DATA_VALUE_VALIDATION',
          vendorCode: '1003',
          vendorMessage: "Invalid value for field 'boolean_field'",
          field: 'boolean_field',
          retryable: false,
        },
      });
      expect(results[2]).toMatchObject({
        error: { vendorCode: '1006', vendorMessage: "Field 'foo' not found", field: 'foo' },
      });
      expect(sandbox.marketo.leads()).toHaveLength(2);
    });

    it('reports several leads with one email as DUPLICATE_BLOCKED', async () => {
      sandbox.marketo.seedLead({ email: 'twice@example.com' });
      sandbox.marketo.seedLead({ email: 'twice@example.com' });

      const [result] = await connect().upsert('leads', [lead('twice', 'twice@example.com')]);

      expect(result).toMatchObject({
        ok: false,
        error: { category: 'DUPLICATE_BLOCKED', vendorCode: '1007' },
      });
    });

    it('fails a record without email or stored id without calling Marketo', async () => {
      const [result] = await connect().upsert('leads', [
        { key: 'anon', values: { firstName: 'A' } },
      ]);

      expect(result).toMatchObject({
        ok: false,
        error: { category: 'REQUIRED_FIELD_MISSING', vendorCode: 'MISSING_EMAIL', field: 'email' },
      });
      expect(sandbox.marketo.journal()).toHaveLength(0);
    });

    it('writes the same email twice in one batch as one lead', async () => {
      const results = await connect().upsert('leads', [
        lead('first', 'Twice@Example.com', { title: 'CEO', phone: '+1 555 0100' }),
        lead('second', 'twice@example.com', { title: 'CTO' }),
      ]);

      const remote = sandbox.marketo.leads();
      expect(remote).toHaveLength(1);
      expect(remote[0]).toMatchObject({ title: 'CTO', phone: '+1 555 0100' });
      expect(results.map((result) => okResult(result).action)).toEqual(['created', 'updated']);
      expect(okResult(results[1]).remoteId).toBe(String(remote[0].id));
    });

    it('updates a stored lead id by id, and re-matches by email once when it is gone', async () => {
      const kept = sandbox.marketo.seedLead({ email: 'old@example.com' });
      const gone = sandbox.marketo.seedLead({ email: 'gone@example.com' });
      sandbox.marketo.deleteLead(gone);

      const results = await connect().upsert('leads', [
        { ...lead('moved', 'new@example.com'), remoteId: String(kept) },
        { ...lead('gone', 'gone@example.com'), remoteId: String(gone) },
      ]);

      expect(okResult(results[0])).toMatchObject({ action: 'updated', remoteId: String(kept) });
      expect(okResult(results[1]).action).toBe('created');
      expect(sandbox.marketo.lead(kept)?.email).toBe('new@example.com');
      const syncs = sandbox.marketo.journal().filter((entry) => entry.route === 'leads.sync');
      expect(syncs.map((entry) => entry.body)).toEqual([
        expect.objectContaining({ action: 'updateOnly', lookupField: 'id' }),
        expect.objectContaining({ action: 'createOrUpdate', lookupField: 'email' }),
      ]);
    });

    it('keeps UTF-8 values intact both ways', async () => {
      const [result] = await connect().upsert('leads', [
        lead('zoe', 'zoe@example.com', { firstName: 'Zoë', company: 'Müller & Söhne 株式会社' }),
      ]);

      expect(sandbox.marketo.lead(Number(okResult(result).remoteId))).toMatchObject({
        firstName: 'Zoë',
        company: 'Müller & Söhne 株式会社',
      });
    });

    it('writes more than 300 records in runs of at most 300, results in input order', async () => {
      const records = Array.from({ length: 650 }, (_, index) =>
        lead(`r${index}`, `r${index}@example.com`),
      );

      const results = await connect().upsert('leads', records);

      const sizes = sandbox.marketo
        .journal()
        .filter((entry) => entry.route === 'leads.sync')
        .map((entry) => inputSize(entry.body));
      expect(sizes).toEqual([300, 300, 50]);
      expect(results.map((result) => result.key)).toEqual(records.map((record) => record.key));
      expect(results.every((result) => result.ok)).toBe(true);
    });

    it('survives a burst that hits 606: the rest waits for the window and nothing is lost', async () => {
      sandbox.marketo.configure({ rateLimitCalls: 3 });
      const client = connect();
      const records = Array.from({ length: 1500 }, (_, index) =>
        lead(`b${index}`, `burst${index}+expo@example.com`),
      );

      const first = await client.upsert('leads', records);
      const limited = first.filter((result) => !result.ok);
      sandbox.marketo.advanceClock(20_000);
      const retried = await client.upsert(
        'leads',
        records.filter((record) => limited.some((result) => result.key === record.key)),
      );

      expect(first.slice(0, 900).every((result) => result.ok)).toBe(true);
      expect(limited).toHaveLength(600);
      expect(limited[0]).toMatchObject({
        ok: false,
        error: {
          category: 'RATE_LIMITED',
          vendorCode: '606',
          vendorMessage: "Max rate limit '3' exceeded with in '20' secs",
          retryable: true,
          retryAfterMs: 20_000,
        },
      });
      // The fifth run was not sent once the fourth was refused.
      expect(sandbox.marketo.journal().filter((entry) => entry.errorCode === '606')).toHaveLength(
        1,
      );
      expect(retried.every((result) => result.ok)).toBe(true);
      expect(emailCounts().size).toBe(1500);
      expect([...emailCounts().values()].every((count) => count === 1)).toBe(true);
    });

    it.each<[MarketoResponseErrorCode, ErrorCategory, boolean]>([
      ['603', 'PERMISSION_DENIED', false],
      ['604', 'REMOTE_UNAVAILABLE', true],
      ['606', 'RATE_LIMITED', true],
      ['607', 'RATE_LIMITED', true],
      ['608', 'REMOTE_UNAVAILABLE', true],
      ['611', 'REMOTE_UNAVAILABLE', true],
      ['615', 'RATE_LIMITED', true],
      ['713', 'REMOTE_UNAVAILABLE', true],
    ])('throws %s from Sync Leads as %s', async (code, category, retryable) => {
      sandbox.marketo.failNext('leads.sync', 1, code);

      const error = await rejectionOf(connect().upsert('leads', [lead('a', 'a@example.com')]));

      expect(error.error).toMatchObject({ category, retryable, vendorCode: code });
    });

    it('parks a 607 until the quota resets and backs off briefly after a 615', async () => {
      sandbox.marketo.failNext('leads.sync', 1, '607');
      sandbox.marketo.failNext('leads.sync', 1, '615');
      const client = connect();

      const daily = await rejectionOf(client.upsert('leads', [lead('a', 'a@example.com')]));
      const concurrency = await rejectionOf(client.upsert('leads', [lead('a', 'a@example.com')]));

      expect(daily.error.retryAfterMs).toBeGreaterThan(0);
      expect(daily.error.retryAfterMs).toBeLessThanOrEqual(25 * 60 * 60 * 1000);
      expect(concurrency.error.retryAfterMs).toBe(1_000);
    });
  });

  describe('program membership', () => {
    async function leadIds(count: number): Promise<string[]> {
      const results = await connect().upsert(
        'leads',
        Array.from({ length: count }, (_, index) =>
          lead(`m${index}`, `member${index}@example.com`),
        ),
      );

      return results.map((result) => okResult(result).remoteId);
    }

    it('adds leads to a program with a status and counts a lead already there as a member', async () => {
      const [first, second] = await leadIds(2);
      const client = connect();

      const added = await client.addCampaignMembers?.({ id: '1001', status: 'Registered' }, [
        { key: 'a', personId: first, personObject: 'leads' },
      ]);
      const again = await client.addCampaignMembers?.({ id: '1001', status: 'Registered' }, [
        { key: 'a', personId: first, personObject: 'leads' },
        { key: 'b', personId: second, personObject: 'leads' },
      ]);

      expect(added).toEqual([{ key: 'a', ok: true }]);
      expect(again).toEqual([
        { key: 'a', ok: true },
        { key: 'b', ok: true },
      ]);
      expect(sandbox.marketo.programMembers(1001)).toEqual([
        { leadId: Number(first), status: 'Registered' },
        { leadId: Number(second), status: 'Registered' },
      ]);
    });

    it('describes a program with its channel statuses; an archived one is not found', async () => {
      const client = connect({}, { programStatus: 'Registered' });

      expect(await client.describeCampaign?.('1001')).toEqual({
        id: '1001',
        name: 'Expo 2026',
        active: true,
        statuses: [
          'Not in Program',
          'Invited',
          'Registered',
          'No Show',
          'Attended',
          'Visited Booth',
        ],
        defaultStatus: 'Registered',
      });
      sandbox.marketo.archiveProgram(1001);
      expect(await client.describeCampaign?.('1001')).toBeUndefined();
      expect(await client.describeCampaign?.('4242')).toBeUndefined();
    });

    it('uses the default status setting when the campaign names none', async () => {
      const [id] = await leadIds(1);
      const client = connect({}, { programStatus: 'Attended' });

      const results = await client.addCampaignMembers?.({ id: '1002' }, [
        { key: 'a', personId: id, personObject: 'leads' },
      ]);

      expect(results).toEqual([{ key: 'a', ok: true }]);
      expect(sandbox.marketo.programMembers(1002)).toEqual([
        { leadId: Number(id), status: 'Attended' },
      ]);
    });

    it('maps an unknown status (1025) and an unknown lead (1004) per member', async () => {
      const [id] = await leadIds(1);
      const client = connect();

      const badStatus = await client.addCampaignMembers?.({ id: '1001', status: 'Nope' }, [
        { key: 'a', personId: id, personObject: 'leads' },
      ]);
      const badLead = await client.addCampaignMembers?.({ id: '1001', status: 'Registered' }, [
        { key: 'a', personId: id, personObject: 'leads' },
        { key: 'missing', personId: '1', personObject: 'leads' },
      ]);

      expect(badStatus).toEqual([
        {
          key: 'a',
          ok: false,
          error: {
            category: 'CAMPAIGN_LINK_INVALID',
            vendorCode: '1025',
            vendorMessage: 'Program status not found',
            retryable: false,
          },
        },
      ]);
      expect(badLead?.[0]).toEqual({ key: 'a', ok: true });
      expect(badLead?.[1]).toMatchObject({
        ok: false,
        error: { category: 'REMOTE_RECORD_NOT_FOUND', vendorCode: '1004' },
      });
    });

    it('throws CAMPAIGN_LINK_INVALID for a program Marketo does not know', async () => {
      const [id] = await leadIds(1);

      const error = await rejectionOf(
        Promise.resolve(
          connect().addCampaignMembers?.({ id: '4242', status: 'Registered' }, [
            { key: 'a', personId: id, personObject: 'leads' },
          ]),
        ),
      );

      expect(error.error).toMatchObject({ category: 'CAMPAIGN_LINK_INVALID', vendorCode: '1013' });
    });
  });
});
