import '../unset-proxy-env';

import {
  ConnectorError,
  type ConnectorClient,
  type Credentials,
  type NormalisedError,
  type UpsertRecord,
  type UpsertResult,
} from '@libs/connector-sdk';
import { Client } from '@hubspot/api-client';
import { hubspotConnector } from '@plugins/hubspot';

import { HUBSPOT_APP, startSandbox, type Sandbox } from '../index';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.hubspot.reset();
});

interface Harness {
  client: ConnectorClient;
  /** Every credential set the connector reported, in order. */
  reported: Credentials[];
}

function connect(credentials: Partial<Credentials> = {}): Harness {
  const reported: Credentials[] = [];
  const client = hubspotConnector.create({
    credentials: {
      clientId: HUBSPOT_APP.clientId,
      clientSecret: HUBSPOT_APP.clientSecret,
      refreshToken: sandbox.hubspot.grantRefreshToken(),
      ...credentials,
    },
    settings: { baseUrl: sandbox.url },
    onCredentialsChanged: async (next) => {
      reported.push(next);
    },
  });

  return { client, reported };
}

/** A client holding the access token of a completed install, as the host stores it. */
function connected(): Harness {
  const { refreshToken, accessToken, expiresAt } = sandbox.hubspot.grant();
  const harness = connect({ refreshToken, accessToken, expiresAt });
  sandbox.hubspot.clearJournal();

  return harness;
}

function contact(key: string, email: string, values: UpsertRecord['values'] = {}): UpsertRecord {
  return {
    key,
    matchEmail: email,
    values: { email, firstname: 'First', lastname: `Last ${key}`, ...values },
  };
}

function calls(method: string, suffix: string): number {
  return sandbox.hubspot
    .journal()
    .filter((entry) => entry.method === method && entry.path.endsWith(suffix)).length;
}

function tokenCalls(): number {
  return calls('POST', '/oauth/v1/token');
}

function contactsWith(email: string) {
  return sandbox.hubspot
    .records('contacts')
    .filter((record) => record.properties.email === email.toLowerCase());
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

/** The error of a one-record upsert: thrown for the whole call, or reported for the record. */
async function errorOf(promise: Promise<UpsertResult[]>): Promise<NormalisedError> {
  try {
    const [result] = await promise;
    if (result.ok) throw new Error('expected the record to fail');

    return result.error;
  } catch (error) {
    if (error instanceof ConnectorError) return error.error;
    throw error;
  }
}

function inputCount(body: unknown): number {
  const inputs: unknown =
    typeof body === 'object' && body !== null ? Reflect.get(body, 'inputs') : undefined;

  return Array.isArray(inputs) ? inputs.length : 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('hubspotConnector against the HubSpot emulator', () => {
  it('declares a CRM connector on OAuth with contacts, companies, lists and the 10-second window', () => {
    expect(hubspotConnector).toMatchObject({
      id: 'hubspot',
      category: 'crm',
      auth: { scheme: 'oauth2_authorization_code' },
      capabilities: { batchUpsert: true, campaigns: true, notify: false },
      limits: { maxBatchSize: 100, requestsPerWindow: 100, windowMs: 10_000 },
    });
    expect(hubspotConnector.auth.fields.map((field) => [field.name, field.required])).toEqual([
      ['clientId', true],
      ['clientSecret', true],
      ['refreshToken', true],
      ['accessToken', false],
      ['expiresAt', false],
    ]);
    expect(hubspotConnector.settings.map((field) => field.name)).toEqual([
      'baseUrl',
      'authorizeUrl',
    ]);
    expect(hubspotConnector.capabilities.objects).toEqual([
      { name: 'contacts', label: 'Contacts', role: 'persona' },
      { name: 'companies', label: 'Companies', role: 'company' },
    ]);
  });

  describe('session', () => {
    it('obtains an access token by refresh before the first call and reports it', async () => {
      const { client, reported } = connect();

      const result = await client.testConnection();

      expect(result).toEqual({
        ok: true,
        account: 'mobly-sandbox.hubspot.com (hub 24681357)',
        accountId: 'hub:24681357',
      });
      expect(tokenCalls()).toBe(1);
      expect(reported).toHaveLength(1);
      const expiresIn = Date.parse(reported[0].expiresAt) - Date.now();
      expect(expiresIn).toBeGreaterThan(1790_000);
      expect(expiresIn).toBeLessThanOrEqual(1800_000);
      expect(reported[0]).toMatchObject({ accessToken: expect.any(String) });
    });

    it('refreshes a token about to expire before calling, so HubSpot never answers 401', async () => {
      const { refreshToken, accessToken } = sandbox.hubspot.grant();
      const expiresAt = new Date(Date.now() + 30_000).toISOString();
      const { client, reported } = connect({ refreshToken, accessToken, expiresAt });

      await client.upsert('contacts', [contact('a', 'soon@example.com')]);

      expect(tokenCalls()).toBe(1);
      expect(sandbox.hubspot.journal().filter((entry) => entry.status === 401)).toEqual([]);
      expect(reported[0].accessToken).not.toBe(accessToken);
    });

    it('refreshes once when the token expires mid-batch and completes the batch', async () => {
      const { client, reported } = connected();
      const records = Array.from({ length: 250 }, (_, index) =>
        contact(`k${index}`, `mid.${index}@example.com`),
      );
      sandbox.hubspot.expireAccessTokensAfter(1);

      const results = await client.upsert('contacts', records);

      expect(results.every((result) => result.ok)).toBe(true);
      expect(tokenCalls()).toBe(1);
      expect(reported).toHaveLength(1);
      const upserts = sandbox.hubspot
        .journal()
        .filter((entry) => entry.route === 'contacts.batch.upsert');
      expect(upserts.map((entry) => entry.status)).toEqual([200, 401, 200, 200]);
      expect(sandbox.hubspot.records('contacts')).toHaveLength(250);
    });

    it('keeps and reports a rotated refresh token', async () => {
      sandbox.hubspot.configure({ refreshTokenRotation: true });
      const { client, reported } = connect();

      const first = await client.refreshCredentials();
      const second = await client.refreshCredentials();

      expect(first.refreshToken).not.toBe(second.refreshToken);
      expect(reported.map((credentials) => credentials.refreshToken)).toEqual([
        first.refreshToken,
        second.refreshToken,
      ]);
      await expect(client.testConnection()).resolves.toMatchObject({ ok: true });
    });

    it('throws AUTH_INVALID when the refresh token was revoked', async () => {
      const { client } = connected();
      sandbox.hubspot.revokeGrants();

      const error = await rejectionOf(client.upsert('contacts', [contact('a', 'a@example.com')]));
      const test = await client.testConnection();

      expect(error.error).toMatchObject({
        category: 'AUTH_INVALID',
        vendorCode: 'BAD_REFRESH_TOKEN',
        vendorMessage: 'missing or invalid refresh token',
        retryable: false,
      });
      expect(test).toMatchObject({ ok: false, error: { category: 'AUTH_INVALID' } });
      expect(sandbox.hubspot.records('contacts')).toHaveLength(0);
    });

    it('gives up with AUTH_INVALID when HubSpot refuses the refreshed token too', async () => {
      const { client } = connected();
      sandbox.hubspot.failNext('crm', 2, 'INVALID_AUTHENTICATION');

      const error = await rejectionOf(client.describe('contacts'));

      expect(error.error).toMatchObject({
        category: 'AUTH_INVALID',
        vendorCode: 'INVALID_AUTHENTICATION',
      });
      expect(tokenCalls()).toBe(1);
    });

    it('is not retried by the client library even when another HubSpot client retries', async () => {
      const { client } = connected();
      new Client({ basePath: sandbox.url, numberOfApiCallRetries: 3 });
      sandbox.hubspot.failNext('contacts.batch.upsert', 1, 'INTERNAL_ERROR');

      const error = await errorOf(client.upsert('contacts', [contact('a', 'a@example.com')]));

      expect(error.category).toBe('REMOTE_UNAVAILABLE');
      expect(calls('POST', '/batch/upsert')).toBe(1);
    });

    it('reports missing credentials as AUTH_INVALID', async () => {
      const { client } = connect({ clientSecret: '' });

      await expect(client.describe('contacts')).rejects.toMatchObject({
        category: 'AUTH_INVALID',
        error: { vendorCode: 'MISSING_CREDENTIALS' },
      });
    });
  });

  describe('describe', () => {
    it('normalises the contact properties', async () => {
      const { client } = connected();

      const schema = await client.describe('contacts');
      const byName = new Map(schema.fields.map((field) => [field.name, field]));

      expect(schema.object).toBe('contacts');
      expect(schema.fields).toHaveLength(273);
      expect(byName.get('email')).toMatchObject({
        type: 'email',
        vendorType: 'string/text',
        unique: true,
        externalId: true,
        readOnly: false,
        required: false,
      });
      expect(byName.get('firstname')).toMatchObject({ type: 'string', readOnly: false });
      expect(byName.get('message')).toMatchObject({ type: 'textarea' });
      expect(byName.get('hs_object_id')).toMatchObject({ type: 'id', readOnly: true });
      expect(byName.get('createdate')).toMatchObject({ type: 'datetime', readOnly: true });
      expect(byName.get('associatedcompanyid')).toMatchObject({ type: 'reference' });
      expect(byName.get('hs_content_membership_email_confirmed')).toMatchObject({
        type: 'boolean',
      });
      expect(byName.get('lifecyclestage')?.picklist).toEqual({
        restricted: true,
        options: expect.arrayContaining([
          { value: 'lead', label: 'Lead', active: true },
          { value: 'customer', label: 'Customer', active: true },
        ]),
      });
      expect(byName.get('hs_all_assigned_business_unit_ids')).toMatchObject({
        type: 'multipicklist',
      });
      expect(schema.fields.some((field) => field.required)).toBe(false);
    });

    it('normalises the company properties', async () => {
      const { client } = connected();

      const schema = await client.describe('companies');
      const byName = new Map(schema.fields.map((field) => [field.name, field]));

      expect(byName.get('domain')).toMatchObject({ type: 'string', unique: false });
      expect(byName.get('numberofemployees')).toMatchObject({ type: 'number' });
      expect(byName.get('industry')?.picklist?.options).toContainEqual({
        value: 'COMPUTER_SOFTWARE',
        label: 'Computer Software',
        active: true,
      });
      expect(byName.get('hubspot_owner_id')).toMatchObject({ type: 'picklist' });
    });

    it('recommends versioned mappings onto writable described properties only', async () => {
      const { client } = connected();

      for (const object of ['contacts', 'companies']) {
        const mappings = hubspotConnector.recommendedMappings(object);
        const fields = new Map((await client.describe(object)).fields.map((f) => [f.name, f]));

        expect(mappings?.version).toMatch(/^\d{4}-\d{2}-\d+$/);
        for (const row of mappings?.rows ?? []) {
          expect(fields.get(row.target)).toMatchObject({ readOnly: false });
        }
      }
      expect(hubspotConnector.recommendedMappings('deals')).toBeUndefined();
    });

    it('refuses an object the connector does not write', async () => {
      const { client } = connected();

      await expect(client.describe('deals')).rejects.toMatchObject({
        error: { vendorCode: 'UNSUPPORTED_OBJECT' },
      });
    });
  });

  describe('upsert contacts', () => {
    it('creates contacts by email and returns the ids HubSpot assigned, in input order', async () => {
      const { client } = connected();
      const records = Array.from({ length: 22 }, (_, index) =>
        contact(`k${index}`, `Person${index}+expo@Example.com`, { jobtitle: `Title ${index}` }),
      );

      const results = await client.upsert('contacts', records);

      const remote = sandbox.hubspot.records('contacts');
      const idByEmail = new Map(remote.map((record) => [record.properties.email, record.id]));
      expect(remote).toHaveLength(22);
      expect(results).toEqual(
        records.map((record) => ({
          key: record.key,
          ok: true,
          remoteId: idByEmail.get(record.matchEmail?.toLowerCase() ?? ''),
          action: 'created',
          object: 'contacts',
        })),
      );
      expect(calls('POST', '/crm/v3/objects/contacts/batch/upsert')).toBe(1);
    });

    it('updates the contact an earlier call created for the same email', async () => {
      const { client } = connected();

      const [created] = await client.upsert('contacts', [contact('a', 'again@example.com')]);
      const [updated] = await client.upsert('contacts', [
        contact('b', 'AGAIN@example.com', { jobtitle: 'VP Sales' }),
      ]);

      expect(okResult(updated)).toMatchObject({
        action: 'updated',
        remoteId: okResult(created).remoteId,
      });
      expect(contactsWith('again@example.com')).toHaveLength(1);
      expect(contactsWith('again@example.com')[0].properties.jobtitle).toBe('VP Sales');
    });

    it('writes the same email twice in one batch as one contact', async () => {
      const { client } = connected();

      const results = await client.upsert('contacts', [
        contact('first', 'Twice@Example.com', { jobtitle: 'CEO', phone: '+1 555 0100' }),
        contact('second', 'twice@example.com', { jobtitle: 'CTO' }),
      ]);

      const remote = contactsWith('twice@example.com');
      expect(remote).toHaveLength(1);
      expect(remote[0].properties).toMatchObject({ jobtitle: 'CTO', phone: '+1 555 0100' });
      expect(results).toEqual([
        { key: 'first', ok: true, remoteId: remote[0].id, action: 'created', object: 'contacts' },
        { key: 'second', ok: true, remoteId: remote[0].id, action: 'updated', object: 'contacts' },
      ]);
      const [upsert] = sandbox.hubspot
        .journal()
        .filter((entry) => entry.route === 'contacts.batch.upsert');
      expect(upsert.body).toMatchObject({ inputs: [{ id: 'twice@example.com' }] });
    });

    it('updates the stored remote id without upserting by email', async () => {
      const id = sandbox.hubspot.seedRecord('contacts', { email: 'known@example.com' });
      const { client } = connected();

      const [result] = await client.upsert('contacts', [
        { ...contact('known', 'known@example.com', { jobtitle: 'COO' }), remoteId: id },
      ]);

      expect(okResult(result)).toMatchObject({ action: 'updated', remoteId: id });
      expect(calls('POST', '/batch/upsert')).toBe(0);
      expect(sandbox.hubspot.record('contacts', id)?.properties.jobtitle).toBe('COO');
    });

    it('re-matches a stored id of a deleted contact by email once', async () => {
      const deleted = sandbox.hubspot.seedRecord('contacts', { email: 'gone@example.com' });
      sandbox.hubspot.archiveRecord('contacts', deleted);
      const other = sandbox.hubspot.seedRecord('contacts', { email: 'moved@example.com' });
      const { client } = connected();

      const results = await client.upsert('contacts', [
        { ...contact('moved', 'moved@example.com'), remoteId: deleted },
        { ...contact('fresh', 'fresh@example.com'), remoteId: '999999' },
      ]);

      expect(okResult(results[0])).toMatchObject({ action: 'updated', remoteId: other });
      expect(okResult(results[1]).action).toBe('created');
      expect(contactsWith('fresh@example.com')).toHaveLength(1);
    });

    it('leaves non-blank remote values of write-if-blank properties alone', async () => {
      const id = sandbox.hubspot.seedRecord('contacts', {
        email: 'kept@example.com',
        lifecyclestage: 'customer',
      });
      const { client } = connected();

      const [byEmail] = await client.upsert('contacts', [
        {
          ...contact('kept', 'kept@example.com', { lifecyclestage: 'lead', city: 'Lisbon' }),
          writeIfBlank: ['lifecyclestage', 'city'],
        },
      ]);
      const [byId] = await client.upsert('contacts', [
        {
          key: 'kept-again',
          remoteId: id,
          values: { city: 'Porto', jobtitle: 'CFO' },
          writeIfBlank: ['city'],
        },
      ]);

      expect(okResult(byEmail).remoteId).toBe(id);
      expect(okResult(byId).remoteId).toBe(id);
      expect(sandbox.hubspot.record('contacts', id)?.properties).toMatchObject({
        lifecyclestage: 'customer',
        city: 'Lisbon',
        jobtitle: 'CFO',
      });
    });

    it('fails only the bad records of a batch HubSpot refuses as a whole', async () => {
      const { client } = connected();

      const results = await client.upsert('contacts', [
        contact('ok-1', 'ok1@example.com'),
        contact('bad-option', 'option@example.com', { lifecyclestage: 'Lead' }),
        contact('ok-2', 'ok2@example.com'),
        contact('bad-email', 'not-an-email'),
        contact('no-property', 'missing@example.com', { favourite_colour: 'blue' }),
        contact('ok-3', 'ok3@example.com'),
      ]);

      expect(results.map((result) => (result.ok ? 'ok' : result.error.category))).toEqual([
        'ok',
        'DATA_VALUE_VALIDATION',
        'ok',
        'DATA_VALUE_VALIDATION',
        'MISSING_REMOTE_FIELD',
        'ok',
      ]);
      expect(results[1]).toMatchObject({
        error: {
          vendorCode: 'INVALID_OPTION',
          field: 'lifecyclestage',
          vendorMessage: expect.stringContaining('Lead was not one of the allowed options'),
          retryable: false,
        },
      });
      expect(results[3]).toMatchObject({
        error: { vendorCode: 'INVALID_EMAIL', field: 'email' },
      });
      expect(results[4]).toMatchObject({
        error: {
          vendorCode: 'PROPERTY_DOESNT_EXIST',
          field: 'favourite_colour',
          vendorMessage: 'Property "favourite_colour" does not exist',
        },
      });
      expect(sandbox.hubspot.records('contacts')).toHaveLength(3);
    });

    it('reads per-record errors from a 207 where HubSpot reports them per input', async () => {
      sandbox.hubspot.configure({ partialUpsertByEmail: true });
      const { client } = connected();

      const results = await client.upsert('contacts', [
        contact('ok', 'ok@example.com'),
        contact('bad', 'bad@example.com', { hs_object_id: '12' }),
      ]);

      expect(results[0].ok).toBe(true);
      expect(results[1]).toMatchObject({
        ok: false,
        error: { category: 'MISSING_REMOTE_FIELD', vendorCode: 'READ_ONLY_VALUE' },
      });
      expect(calls('POST', '/batch/upsert')).toBe(1);
    });

    it('fails every record carrying a property HubSpot does not have after one more call', async () => {
      const { client } = connected();
      const records = Array.from({ length: 10 }, (_, index) =>
        contact(`k${index}`, `p${index}@example.com`, index < 4 ? { score__c: '5' } : {}),
      );

      const results = await client.upsert('contacts', records);

      expect(results.map((result) => result.ok)).toEqual([
        ...Array(4).fill(false),
        ...Array(6).fill(true),
      ]);
      expect(calls('POST', '/batch/upsert')).toBe(2);
    });

    it('writes more than 100 records in chunks of at most 100', async () => {
      const { client } = connected();
      const records = Array.from({ length: 250 }, (_, index) =>
        contact(`r${index}`, `r${index}@example.com`),
      );

      const results = await client.upsert('contacts', records);

      expect(results.map((result) => result.key)).toEqual(records.map((record) => record.key));
      expect(new Set(results.map((result) => okResult(result).remoteId)).size).toBe(250);
      const sizes = sandbox.hubspot
        .journal()
        .filter((entry) => entry.route === 'contacts.batch.upsert')
        .map((entry) => inputCount(entry.body));
      expect(sizes).toEqual([100, 100, 50]);
    });

    it('creates contacts without email by batch create', async () => {
      const { client } = connected();

      const [result] = await client.upsert('contacts', [
        { key: 'anon', values: { firstname: 'No', lastname: 'Email' } },
      ]);

      expect(okResult(result).action).toBe('created');
      expect(calls('POST', '/crm/v3/objects/contacts/batch/create')).toBe(1);
    });

    it('upserts the company of each contact by domain and associates them', async () => {
      const existing = sandbox.hubspot.seedRecord('companies', {
        domain: 'acme.com',
        name: 'Acme (sales)',
      });
      const { client } = connected();

      const results = await client.upsert('contacts', [
        {
          ...contact('a', 'a@acme.com'),
          related: { companies: { name: 'Acme', website: 'https://www.acme.com/about' } },
        },
        {
          ...contact('b', 'b@globex.com'),
          related: { companies: { name: 'Globex', domain: 'Globex.com', city: 'Springfield' } },
        },
        {
          ...contact('c', 'c@globex.com'),
          related: { companies: { name: 'Globex Corp', domain: 'globex.com' } },
        },
        { ...contact('d', 'd@nowhere.example'), related: { companies: { name: 'No domain' } } },
      ]);

      expect(results.every((result) => result.ok)).toBe(true);
      const companies = sandbox.hubspot.records('companies');
      expect(companies.map((company) => company.properties.domain).sort()).toEqual([
        'acme.com',
        'globex.com',
      ]);
      const globex = companies.find((company) => company.properties.domain === 'globex.com');
      expect(globex?.properties).toMatchObject({ name: 'Globex', city: 'Springfield' });
      expect(sandbox.hubspot.record('companies', existing)?.properties.name).toBe('Acme (sales)');
      const ids = results.map((result) => okResult(result).remoteId);
      expect(sandbox.hubspot.associations()).toEqual([
        { contactId: ids[0], companyId: existing, associationTypeId: 279 },
        { contactId: ids[1], companyId: globex?.id, associationTypeId: 279 },
        { contactId: ids[2], companyId: globex?.id, associationTypeId: 279 },
      ]);
      expect(calls('POST', '/batch/associate/default')).toBe(1);
    });

    it('reports the failure of a contact whose company HubSpot refused', async () => {
      const { client } = connected();

      const results = await client.upsert('contacts', [
        {
          ...contact('a', 'a@acme.com'),
          related: { companies: { domain: 'acme.com', industry: 'Software' } },
        },
        contact('b', 'b@example.com'),
      ]);

      expect(results[0]).toMatchObject({
        ok: false,
        error: {
          category: 'DATA_VALUE_VALIDATION',
          vendorCode: 'INVALID_OPTION',
          field: 'industry',
        },
      });
      expect(results[1].ok).toBe(true);
      expect(contactsWith('a@acme.com')).toHaveLength(0);
    });

    it('throws a retryable ConnectorError when the whole call failed', async () => {
      const { client } = connected();
      sandbox.hubspot.failNext('contacts.batch.upsert', 1, 'BAD_GATEWAY');

      const error = await rejectionOf(client.upsert('contacts', [contact('a', 'a@example.com')]));

      expect(error.error).toMatchObject({
        category: 'REMOTE_UNAVAILABLE',
        vendorCode: 'HTTP_502',
        retryable: true,
      });
    });

    it('completes a burst that hits the 10-second window by retrying after Retry-After', async () => {
      sandbox.hubspot.configure({ requestsPerWindow: 2, windowMs: 1000 });
      const { client } = connected();
      const records = Array.from({ length: 450 }, (_, index) =>
        contact(`b${index}`, `burst.${index}@example.com`),
      );

      const final = new Map<string, UpsertResult>();
      let pending = records;
      let rounds = 0;
      while (pending.length > 0 && rounds < 10) {
        rounds += 1;
        let results: UpsertResult[];
        let wait = 0;
        try {
          results = await client.upsert('contacts', pending);
        } catch (error) {
          if (!(error instanceof ConnectorError) || error.category !== 'RATE_LIMITED') throw error;
          results = [];
          wait = error.error.retryAfterMs ?? 0;
        }
        for (const result of results) {
          if (result.ok) final.set(result.key, result);
          else {
            expect(result.error).toMatchObject({
              category: 'RATE_LIMITED',
              vendorCode: 'TEN_SECONDLY_ROLLING',
              retryable: true,
            });
            wait = Math.max(wait, result.error.retryAfterMs ?? 0);
          }
        }
        pending = pending.filter((record) => !final.has(record.key));
        if (pending.length > 0) {
          expect(wait).toBeGreaterThan(0);
          expect(wait).toBeLessThanOrEqual(1000);
          await sleep(wait);
        }
      }

      expect(rounds).toBeGreaterThan(1);
      expect(final.size).toBe(450);
      expect(sandbox.hubspot.records('contacts')).toHaveLength(450);
      expect(sandbox.hubspot.journal().some((entry) => entry.status === 429)).toBe(true);
    });
  });

  describe('upsert companies', () => {
    it('matches companies by domain, updates them and creates the rest', async () => {
      const existing = sandbox.hubspot.seedRecord('companies', {
        domain: 'acme.com',
        name: 'Acme',
      });
      const { client } = connected();

      const results = await client.upsert('companies', [
        { key: 'acme', values: { domain: 'ACME.com', city: 'Lisbon' } },
        { key: 'initech', values: { name: 'Initech', website: 'http://initech.example/' } },
        { key: 'initech-again', values: { domain: 'initech.example', phone: '+1 555 0199' } },
      ]);

      expect(results[0]).toMatchObject({ ok: true, remoteId: existing, action: 'updated' });
      expect(results[1]).toMatchObject({ ok: true, action: 'created' });
      expect(results[2]).toMatchObject({
        ok: true,
        action: 'updated',
        remoteId: okResult(results[1]).remoteId,
      });
      const initech = sandbox.hubspot.record('companies', okResult(results[1]).remoteId);
      expect(initech?.properties).toMatchObject({
        domain: 'initech.example',
        name: 'Initech',
        phone: '+1 555 0199',
      });
      expect(sandbox.hubspot.records('companies')).toHaveLength(2);
      expect(calls('POST', '/crm/v3/objects/companies/search')).toBe(1);
    });

    it('reports a search over its per-second limit as RATE_LIMITED for a second', async () => {
      sandbox.hubspot.configure({ searchRequestsPerSecond: 0 });
      const { client } = connected();

      const error = await rejectionOf(
        client.upsert('companies', [{ key: 'x', values: { domain: 'x.example' } }]),
      );

      expect(error.error).toMatchObject({
        category: 'RATE_LIMITED',
        vendorCode: 'SECONDLY',
        vendorMessage: 'You have reached your secondly limit.',
        retryAfterMs: 1000,
      });
    });
  });

  describe('addCampaignMembers', () => {
    it('adds contacts to a list and fails the ones HubSpot does not know', async () => {
      const listId = sandbox.hubspot.createList('Expo 2026');
      const id = sandbox.hubspot.seedRecord('contacts', { email: 'member@example.com' });
      const { client } = connected();

      const results = await client.addCampaignMembers?.({ id: listId }, [
        { key: 'm', personId: id, personObject: 'contacts' },
        { key: 'x', personId: '424242', personObject: 'contacts' },
      ]);

      expect(results).toEqual([
        { key: 'm', ok: true },
        {
          key: 'x',
          ok: false,
          error: expect.objectContaining({ category: 'REMOTE_RECORD_NOT_FOUND' }),
        },
      ]);
      expect(sandbox.hubspot.lists()[0].members).toEqual([id]);
    });

    it.each([
      ['a list that does not exist', () => '9999'],
      ['a dynamic list', () => sandbox.hubspot.createList('Smart', 'DYNAMIC')],
    ])('reports %s as CAMPAIGN_LINK_INVALID', async (_name, listId) => {
      const id = sandbox.hubspot.seedRecord('contacts', { email: 'member@example.com' });
      const { client } = connected();

      const error = await rejectionOf(
        client.addCampaignMembers?.({ id: listId() }, [
          { key: 'm', personId: id, personObject: 'contacts' },
        ]) ?? Promise.resolve(),
      );

      expect(error.error).toMatchObject({ category: 'CAMPAIGN_LINK_INVALID', retryable: false });
    });
  });

  describe('describeCampaign', () => {
    it('describes a manual list; a dynamic one takes no members; a deleted one is gone', async () => {
      const listId = sandbox.hubspot.createList('Expo 2026');
      const smart = sandbox.hubspot.createList('Smart', 'DYNAMIC');
      const { client } = connected();

      expect(await client.describeCampaign?.(listId)).toEqual({
        id: listId,
        name: 'Expo 2026',
        active: true,
      });
      expect(await client.describeCampaign?.(smart)).toMatchObject({ active: false });
      sandbox.hubspot.deleteList(listId);
      expect(await client.describeCampaign?.(listId)).toBeUndefined();
    });
  });

  describe('error normalisation through the real client', () => {
    it.each([
      ['TEN_SECONDLY_ROLLING', 'RATE_LIMITED', 'TEN_SECONDLY_ROLLING', true, 10_000],
      ['SECONDLY', 'RATE_LIMITED', 'SECONDLY', true, 1_000],
      ['INTERNAL_ERROR', 'REMOTE_UNAVAILABLE', 'HTTP_500', true, undefined],
      ['BAD_GATEWAY', 'REMOTE_UNAVAILABLE', 'HTTP_502', true, undefined],
      ['LOCKED', 'REMOTE_UNAVAILABLE', 'LOCKED', true, 2_000],
      ['MIGRATION_IN_PROGRESS', 'REMOTE_UNAVAILABLE', 'MIGRATION_IN_PROGRESS', true, 30_000],
      ['MISSING_SCOPES', 'PERMISSION_DENIED', 'MISSING_SCOPES', false, undefined],
      ['CONFLICT', 'DUPLICATE_BLOCKED', 'CONFLICT', false, undefined],
    ] as const)(
      'maps a %s answer to %s',
      async (kind, category, vendorCode, retryable, retryAfterMs) => {
        const { client } = connected();
        sandbox.hubspot.failNext('crm.write', 1, kind);

        const error = await errorOf(client.upsert('contacts', [contact('a', 'a@example.com')]));

        expect(error).toMatchObject({ category, vendorCode, retryable });
        expect(error.retryAfterMs).toBe(retryAfterMs);
      },
    );

    it('waits until the next day after a DAILY limit', async () => {
      const { client } = connected();
      sandbox.hubspot.configure({ retryAfterOnRateLimit: false });
      sandbox.hubspot.failNext('crm.write', 1, 'DAILY');

      const error = await rejectionOf(client.upsert('contacts', [contact('a', 'a@example.com')]));

      const midnight = new Date();
      midnight.setUTCHours(24, 0, 0, 0);
      expect(error.error).toMatchObject({ category: 'RATE_LIMITED', vendorCode: 'DAILY' });
      expect(Date.now() + (error.error.retryAfterMs ?? 0)).toBeGreaterThanOrEqual(
        midnight.getTime() - 1000,
      );
      expect(Date.now() + (error.error.retryAfterMs ?? 0)).toBeLessThanOrEqual(
        midnight.getTime() + 1000,
      );
    });

    it('takes the wait of a rate limit from Retry-After', async () => {
      const { client } = connected();
      sandbox.hubspot.failNext('crm.write', 1, 'TEN_SECONDLY_ROLLING', { retryAfterSeconds: 3 });

      const error = await rejectionOf(client.upsert('contacts', [contact('a', 'a@example.com')]));

      expect(error.error.retryAfterMs).toBe(3000);
    });
  });

  describe('match', () => {
    it('finds what upsert would update, by stored id then email, with reads only', async () => {
      const { client } = connected();
      const stored = sandbox.hubspot.seedRecord('contacts', { email: 'stored@example.com' });
      const byEmail = sandbox.hubspot.seedRecord('contacts', { email: 'email@example.com' });
      const before = sandbox.hubspot.records('contacts');

      const results = await client.match!('contacts', [
        { key: 'stored', remoteId: stored, matchEmail: 'other@example.com' },
        { key: 'email', matchEmail: 'Email@Example.com' },
        { key: 'stale', remoteId: '987654321', matchEmail: 'email@example.com' },
        { key: 'new', matchEmail: 'new@example.com' },
        { key: 'bare' },
      ]);

      expect(results).toEqual([
        { key: 'stored', ok: true, object: 'contacts', matchedBy: 'remote_id', remoteId: stored },
        { key: 'email', ok: true, object: 'contacts', matchedBy: 'email', remoteId: byEmail },
        { key: 'stale', ok: true, object: 'contacts', matchedBy: 'email', remoteId: byEmail },
        { key: 'new', ok: true, object: 'contacts', matchedBy: 'none' },
        { key: 'bare', ok: true, object: 'contacts', matchedBy: 'none' },
      ]);
      expect(sandbox.hubspot.journal().map((entry) => `${entry.method} ${entry.path}`)).toEqual([
        'POST /crm/v3/objects/contacts/batch/read',
        'POST /crm/v3/objects/contacts/search',
      ]);
      expect(sandbox.hubspot.records('contacts')).toEqual(before);
    });
  });
});
