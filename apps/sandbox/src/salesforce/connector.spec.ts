import '../unset-proxy-env';

import {
  ConnectorError,
  type ConnectorClient,
  type Credentials,
  type UpsertRecord,
  type UpsertResult,
} from '@libs/connector-sdk';
import { salesforceConnector } from '@plugins/salesforce';

import {
  SALESFORCE_CONNECTED_APP,
  SALESFORCE_ORG,
  SALESFORCE_USER,
  startSandbox,
  type Sandbox,
} from '../index';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.salesforce.reset();
});

interface Harness {
  client: ConnectorClient;
  /** Every credential set the connector reported, in order. */
  reported: Credentials[];
}

function connect(credentials: Partial<Credentials> = {}, matchingStrategy = 'leads_only'): Harness {
  const reported: Credentials[] = [];
  const client = salesforceConnector.create({
    credentials: {
      clientId: SALESFORCE_CONNECTED_APP.clientId,
      clientSecret: SALESFORCE_CONNECTED_APP.clientSecret,
      refreshToken: sandbox.salesforce.grantRefreshToken(),
      ...credentials,
    },
    settings: { loginUrl: sandbox.url, matchingStrategy },
    onCredentialsChanged: async (next) => {
      reported.push(next);
    },
  });

  return { client, reported };
}

/** A connected client whose session was already established (access token stored). */
async function connected(): Promise<Harness> {
  const harness = connect();
  await harness.client.refreshCredentials();
  sandbox.salesforce.clearJournal();

  return harness;
}

function lead(key: string, email: string, values: UpsertRecord['values'] = {}): UpsertRecord {
  return {
    key,
    matchEmail: email,
    values: { LastName: `Last ${key}`, Company: 'Acme', Email: email, ...values },
  };
}

function calls(method: string, suffix: string): number {
  return sandbox.salesforce
    .journal()
    .filter((entry) => entry.method === method && entry.path.endsWith(suffix)).length;
}

function tokenCalls(): number {
  return calls('POST', '/services/oauth2/token');
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

describe('salesforceConnector against the Salesforce emulator', () => {
  it('declares a CRM connector on OAuth with Leads, Contacts, Accounts and Campaigns', () => {
    expect(salesforceConnector).toMatchObject({
      id: 'salesforce',
      category: 'crm',
      auth: { scheme: 'oauth2_authorization_code' },
      limits: { maxBatchSize: 200 },
    });
    expect(salesforceConnector.auth.fields.map((field) => [field.name, field.required])).toEqual([
      ['clientId', true],
      ['clientSecret', true],
      ['refreshToken', true],
      ['accessToken', false],
      ['instanceUrl', false],
    ]);
    expect(salesforceConnector.settings.map((field) => field.name)).toEqual([
      'loginUrl',
      'matchingStrategy',
    ]);
    expect(salesforceConnector.capabilities.objects).toEqual([
      { name: 'Lead', label: 'Lead', role: 'persona' },
      { name: 'Contact', label: 'Contact', role: 'persona' },
      { name: 'Account', label: 'Account', role: 'company' },
      { name: 'Campaign', label: 'Campaign', role: 'campaign' },
    ]);
    expect(salesforceConnector.capabilities).toMatchObject({ batchUpsert: true, campaigns: true });
  });

  describe('session', () => {
    it('obtains an access token by refresh before the first call and reports it', async () => {
      const { client, reported } = connect();

      const result = await client.testConnection();

      expect(result).toEqual({
        ok: true,
        account: expect.stringContaining(SALESFORCE_USER.username),
        accountId: `org:${SALESFORCE_ORG.id}`,
      });
      expect(tokenCalls()).toBe(1);
      expect(reported).toEqual([
        expect.objectContaining({
          accessToken: expect.any(String),
          instanceUrl: sandbox.url,
          refreshToken: expect.any(String),
        }),
      ]);
    });

    it('refreshes an expired access token exactly once and the batch still succeeds', async () => {
      const { client, reported } = await connected();
      sandbox.salesforce.expireAccessTokens();
      sandbox.salesforce.clearJournal();

      const results = await client.upsert('Lead', [
        lead('a', 'a@expired.example.com'),
        lead('b', 'b@expired.example.com'),
        lead('c', 'c@expired.example.com'),
      ]);

      expect(results.every((result) => result.ok)).toBe(true);
      expect(tokenCalls()).toBe(1);
      expect(reported).toHaveLength(2);
      expect(reported[1].accessToken).not.toBe(reported[0].accessToken);
      expect(sandbox.salesforce.records('Lead')).toHaveLength(3);
    });

    it('keeps and reports a rotated refresh token', async () => {
      sandbox.salesforce.setRefreshTokenRotation(true);
      const { client, reported } = connect();

      const first = await client.refreshCredentials();
      const second = await client.refreshCredentials();

      expect(first.refreshToken).not.toBe(second.refreshToken);
      expect(reported.map((credentials) => credentials.refreshToken)).toEqual([
        first.refreshToken,
        second.refreshToken,
      ]);
    });

    it('throws AUTH_INVALID when the grant was revoked', async () => {
      const { client } = await connected();
      sandbox.salesforce.revokeGrants();

      const error = await rejectionOf(client.upsert('Lead', [lead('a', 'a@example.com')]));
      const test = await client.testConnection();

      expect(error.category).toBe('AUTH_INVALID');
      expect(error.error).toMatchObject({
        vendorCode: 'invalid_grant',
        vendorMessage: 'expired access/refresh token',
        retryable: false,
      });
      expect(test).toMatchObject({ ok: false, error: { category: 'AUTH_INVALID' } });
      expect(sandbox.salesforce.records('Lead')).toHaveLength(0);
    });

    it('gives up with AUTH_INVALID when a refreshed session is rejected again', async () => {
      sandbox.salesforce.setAccessTokenTtl(0);
      const { client } = connect();

      const error = await rejectionOf(client.describe('Lead'));

      expect(error.error).toMatchObject({
        category: 'AUTH_INVALID',
        vendorCode: 'INVALID_SESSION_ID',
      });
      // The first token (no access token was stored) and one refresh after the first 401.
      expect(tokenCalls()).toBe(2);
    });

    it('reports missing credentials as AUTH_INVALID', async () => {
      const { client } = connect({ refreshToken: '' });

      await expect(client.describe('Lead')).rejects.toMatchObject({
        category: 'AUTH_INVALID',
        error: { vendorCode: 'MISSING_CREDENTIALS' },
      });
    });
  });

  describe('describe', () => {
    it('normalises the Lead describe', async () => {
      const { client } = await connected();

      const schema = await client.describe('Lead');
      const byName = new Map(schema.fields.map((field) => [field.name, field]));

      expect(schema.object).toBe('Lead');
      expect(byName.get('Company')).toMatchObject({
        type: 'string',
        length: 255,
        required: true,
        readOnly: false,
      });
      expect(byName.get('LastName')?.required).toBe(true);
      expect(byName.get('Status')).toMatchObject({ type: 'picklist', required: false });
      expect(byName.get('Id')).toMatchObject({ type: 'id', readOnly: true });
      expect(byName.get('AnnualRevenue')).toMatchObject({ type: 'number', vendorType: 'currency' });
      expect(byName.get('Address')).toMatchObject({ type: 'other', vendorType: 'address' });
      expect(byName.get('LeadSource')?.picklist).toMatchObject({
        restricted: false,
        options: expect.arrayContaining([{ value: 'Web', label: 'Web', active: true }]),
      });
      expect(byName.get('CleanStatus')?.picklist?.restricted).toBe(true);
      expect(schema.fields.filter((field) => field.required).map((field) => field.name)).toEqual([
        'LastName',
        'Company',
      ]);
    });
  });

  describe('upsert', () => {
    it('creates 22 distinct leads with the ids Salesforce assigned, in input order', async () => {
      const { client } = await connected();
      const records = Array.from({ length: 22 }, (_, index) =>
        lead(`k${index}`, `person${index}+expo@example.com`, { Title: `Title ${index}` }),
      );

      const results = await client.upsert('Lead', records);

      const remote = sandbox.salesforce.records('Lead');
      const idByEmail = new Map(remote.map((record) => [record.Email, record.Id]));
      expect(remote).toHaveLength(22);
      expect(results).toEqual(
        records.map((record) => ({
          key: record.key,
          ok: true,
          remoteId: idByEmail.get(record.matchEmail ?? ''),
          action: 'created',
          object: 'Lead',
        })),
      );
      expect(new Set(results.map((result) => okResult(result).remoteId)).size).toBe(22);
      expect(calls('GET', '/query')).toBe(1);
      expect(calls('POST', '/composite/sobjects')).toBe(1);
    });

    it('fails only the record with a 300-character Company', async () => {
      const { client } = await connected();
      const company = 'C'.repeat(300);

      const results = await client.upsert('Lead', [
        lead('ok-1', 'ok1@example.com'),
        lead('long', 'long@example.com', { Company: company }),
        lead('ok-2', 'ok2@example.com'),
      ]);

      expect(results.map((result) => result.ok)).toEqual([true, false, true]);
      expect(results[1]).toEqual({
        key: 'long',
        ok: false,
        error: {
          category: 'DATA_VALUE_VALIDATION',
          vendorCode: 'STRING_TOO_LONG',
          vendorMessage: `Company: data value too large: ${company} (max length=255)`,
          field: 'Company',
          retryable: false,
        },
      });
      expect(sandbox.salesforce.records('Lead')).toHaveLength(2);
    });

    it('writes the same email twice in one batch as one lead', async () => {
      const { client } = await connected();

      const results = await client.upsert('Lead', [
        lead('first', 'Twice@Example.com', { Title: 'CEO', Phone: '+1 555 0100' }),
        lead('second', 'twice@example.com', { Title: 'CTO' }),
      ]);

      const remote = sandbox.salesforce.records('Lead');
      expect(remote).toHaveLength(1);
      expect(remote[0]).toMatchObject({ Title: 'CTO', Phone: '+1 555 0100' });
      expect(results).toEqual([
        { key: 'first', ok: true, remoteId: remote[0].Id, action: 'created', object: 'Lead' },
        { key: 'second', ok: true, remoteId: remote[0].Id, action: 'updated', object: 'Lead' },
      ]);
    });

    it('updates the lead an earlier call created for the same email', async () => {
      const { client } = await connected();

      const [created] = await client.upsert('Lead', [lead('a', 'again@example.com')]);
      const [updated] = await client.upsert('Lead', [
        lead('b', 'AGAIN@example.com', { Title: 'VP Sales' }),
      ]);

      expect(sandbox.salesforce.records('Lead')).toHaveLength(1);
      expect(okResult(updated)).toMatchObject({
        action: 'updated',
        remoteId: okResult(created).remoteId,
      });
      expect(sandbox.salesforce.records('Lead')[0].Title).toBe('VP Sales');
    });

    it('matches emails with quotes and ignores converted leads', async () => {
      const converted = sandbox.salesforce.seedRecord('Lead', {
        LastName: 'Old',
        Company: 'Acme',
        Email: "o'hara@example.com",
      });
      sandbox.salesforce.convertLead(converted);
      const open = sandbox.salesforce.seedRecord('Lead', {
        LastName: 'Open',
        Company: 'Acme',
        Email: "d'arcy@example.com",
      });
      const { client } = await connected();

      const results = await client.upsert('Lead', [
        lead('converted', "o'hara@example.com"),
        lead('open', "D'Arcy@example.com"),
      ]);

      expect(okResult(results[0]).action).toBe('created');
      expect(okResult(results[0]).remoteId).not.toBe(converted);
      expect(okResult(results[1])).toMatchObject({ action: 'updated', remoteId: open });
    });

    it('updates the stored remote id without searching by email', async () => {
      const id = sandbox.salesforce.seedRecord('Lead', { LastName: 'Known', Company: 'Acme' });
      const { client } = await connected();

      const [result] = await client.upsert('Lead', [
        { ...lead('known', 'known@example.com', { Title: 'COO' }), remoteId: id },
      ]);

      expect(okResult(result)).toMatchObject({ action: 'updated', remoteId: id });
      expect(calls('GET', '/query')).toBe(0);
      expect(sandbox.salesforce.record('Lead', id)?.Title).toBe('COO');
    });

    it('re-matches a stored id of a deleted lead by email once', async () => {
      const deleted = sandbox.salesforce.seedRecord('Lead', { LastName: 'Gone', Company: 'Acme' });
      sandbox.salesforce.deleteRecord('Lead', deleted);
      const other = sandbox.salesforce.seedRecord('Lead', {
        LastName: 'Other',
        Company: 'Acme',
        Email: 'moved@example.com',
      });
      const { client } = await connected();

      const results = await client.upsert('Lead', [
        { ...lead('moved', 'moved@example.com'), remoteId: deleted },
        { ...lead('fresh', 'fresh@example.com'), remoteId: deleted.replace(/.{3}$/, '') },
      ]);

      expect(okResult(results[0])).toMatchObject({ action: 'updated', remoteId: other });
      expect(okResult(results[1]).action).toBe('created');
    });

    it('leaves non-blank remote values of write-if-blank fields alone', async () => {
      const id = sandbox.salesforce.seedRecord('Lead', {
        LastName: 'Kept',
        Company: 'Acme',
        Email: 'kept@example.com',
        LeadSource: 'Web',
      });
      const { client } = await connected();

      const [byEmail] = await client.upsert('Lead', [
        {
          ...lead('kept', 'kept@example.com', { LeadSource: 'Other', Rating: 'Hot' }),
          writeIfBlank: ['LeadSource', 'Rating'],
        },
      ]);
      const [byId] = await client.upsert('Lead', [
        {
          key: 'kept-again',
          remoteId: id,
          values: { LeadSource: 'Partner Referral', Rating: 'Cold', Title: 'CFO' },
          writeIfBlank: ['LeadSource', 'Rating'],
        },
      ]);

      expect(okResult(byEmail).remoteId).toBe(id);
      expect(okResult(byId).remoteId).toBe(id);
      expect(sandbox.salesforce.record('Lead', id)).toMatchObject({
        LeadSource: 'Web',
        Rating: 'Hot',
        Title: 'CFO',
      });
    });

    it('reports per-record vendor errors normalised', async () => {
      const { client } = await connected();

      const results = await client.upsert('Lead', [
        lead('bad-email', 'x@example.com', { Email: 'not-an-email' }),
        lead('no-field', 'y@example.com', { Foo__c: 'bar' }),
        { key: 'no-company', values: { LastName: 'Solo' } },
      ]);

      expect(results.map((result) => (result.ok ? 'ok' : result.error.category))).toEqual([
        'DATA_VALUE_VALIDATION',
        'MISSING_REMOTE_FIELD',
        'REQUIRED_FIELD_MISSING',
      ]);
      expect(results[2]).toMatchObject({
        error: { field: 'Company', vendorCode: 'REQUIRED_FIELD_MISSING' },
      });
    });

    it('marks a locked row retryable while the rest of the batch succeeds', async () => {
      const { client } = await connected();
      sandbox.salesforce.failNext('collections.create', 1, 'UNABLE_TO_LOCK_ROW');

      const results = await client.upsert('Lead', [
        lead('locked', 'locked@example.com'),
        lead('fine', 'fine@example.com'),
      ]);

      expect(results[0]).toMatchObject({
        ok: false,
        error: {
          category: 'REMOTE_UNAVAILABLE',
          vendorCode: 'UNABLE_TO_LOCK_ROW',
          retryable: true,
        },
      });
      expect(results[1].ok).toBe(true);
    });

    it('throws a retryable ConnectorError when the whole call failed', async () => {
      const { client } = await connected();
      sandbox.salesforce.failNext('collections.create', 1, 'SERVER_UNAVAILABLE');

      const error = await rejectionOf(
        client.upsert('Lead', [{ key: 'a', values: { LastName: 'A', Company: 'B' } }]),
      );

      expect(error.error).toMatchObject({
        category: 'REMOTE_UNAVAILABLE',
        vendorCode: 'SERVER_UNAVAILABLE',
        retryable: true,
      });
    });

    it('keeps successful updates when a later create request fails', async () => {
      const id = sandbox.salesforce.seedRecord('Lead', { LastName: 'Known', Company: 'Acme' });
      const { client } = await connected();
      sandbox.salesforce.failNext('collections.create', 1, 'REQUEST_LIMIT_EXCEEDED');

      const results = await client.upsert('Lead', [
        { key: 'known', remoteId: id, values: { Title: 'CIO' } },
        { key: 'new', values: { LastName: 'New', Company: 'Acme' } },
      ]);

      expect(results[0]).toMatchObject({ ok: true, remoteId: id, action: 'updated' });
      expect(results[1]).toMatchObject({
        ok: false,
        error: { category: 'RATE_LIMITED', vendorCode: 'REQUEST_LIMIT_EXCEEDED' },
      });
    });

    it('writes more than 200 records in chunks of 200', async () => {
      const { client } = await connected();
      const records = Array.from({ length: 450 }, (_, index) => ({
        key: `r${index}`,
        values: { LastName: `L${index}`, Company: 'Acme' },
      }));

      const results = await client.upsert('Lead', records);

      expect(results).toHaveLength(450);
      expect(results.every((result) => result.ok)).toBe(true);
      expect(results.map((result) => result.key)).toEqual(records.map((record) => record.key));
      expect(calls('POST', '/composite/sobjects')).toBe(3);
    });

    it('matches Contacts by email too', async () => {
      const id = sandbox.salesforce.seedRecord('Contact', {
        LastName: 'Existing',
        Email: 'contact@example.com',
      });
      const { client } = await connected();

      const [result] = await client.upsert('Contact', [
        { key: 'c', matchEmail: 'contact@example.com', values: { Title: 'Head of IT' } },
      ]);

      expect(okResult(result)).toMatchObject({
        action: 'updated',
        remoteId: id,
        object: 'Contact',
      });
    });

    it('rejects an unknown matching strategy', async () => {
      const client = salesforceConnector.create({
        credentials: {
          clientId: SALESFORCE_CONNECTED_APP.clientId,
          refreshToken: sandbox.salesforce.grantRefreshToken(),
        },
        settings: { loginUrl: sandbox.url, matchingStrategy: 'contacts_first' },
        onCredentialsChanged: async () => undefined,
      });

      expect(() => client.upsert('Lead', [])).toThrow(ConnectorError);
    });
  });

  describe('campaigns', () => {
    function lead(lastName: string): string {
      return sandbox.salesforce.seedRecord('Lead', {
        LastName: lastName,
        Company: 'Acme',
        Email: `${lastName}@example.com`,
      });
    }

    it('describes a campaign with its member statuses and default', async () => {
      const { client } = await connected();
      const id = sandbox.salesforce.createCampaign('Expo 2026', {
        statuses: ['Invited', 'Attended'],
      });

      expect(await client.describeCampaign?.(id)).toEqual({
        id,
        name: 'Expo 2026',
        active: true,
        statuses: ['Invited', 'Attended'],
        defaultStatus: 'Invited',
      });
      sandbox.salesforce.archiveCampaign(id);
      expect(await client.describeCampaign?.(id)).toMatchObject({ active: false });
      expect(await client.describeCampaign?.('701000000000099AAA')).toBeUndefined();
      expect(await client.describeCampaign?.('not an id')).toBeUndefined();
    });

    it('adds members with a status; a member already there counts as added', async () => {
      const { client } = await connected();
      const id = sandbox.salesforce.createCampaign('Expo 2026');
      const ann = lead('ann');
      const bob = lead('bob');
      const members = [
        { key: 'a', personId: ann, personObject: 'Lead' },
        { key: 'b', personId: bob, personObject: 'Lead' },
      ];

      expect(await client.addCampaignMembers?.({ id, status: 'Responded' }, members)).toEqual([
        { key: 'a', ok: true },
        { key: 'b', ok: true },
      ]);
      expect(await client.addCampaignMembers?.({ id, status: 'Responded' }, members)).toEqual([
        { key: 'a', ok: true },
        { key: 'b', ok: true },
      ]);
      expect(
        sandbox.salesforce
          .records('CampaignMember')
          .map((member) => [member.LeadId, member.Status]),
      ).toEqual([
        [ann, 'Responded'],
        [bob, 'Responded'],
      ]);
    });

    it('reports an unknown status or campaign as CAMPAIGN_LINK_INVALID', async () => {
      const { client } = await connected();
      const id = sandbox.salesforce.createCampaign('Expo 2026');
      const member = { key: 'a', personId: lead('ann'), personObject: 'Lead' };

      const [badStatus] =
        (await client.addCampaignMembers?.({ id, status: 'Nope' }, [member])) ?? [];
      expect(badStatus).toMatchObject({
        ok: false,
        error: {
          category: 'CAMPAIGN_LINK_INVALID',
          vendorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          field: 'Status',
        },
      });
      const [badCampaign] =
        (await client.addCampaignMembers?.({ id: '701000000000099AAA' }, [member])) ?? [];
      expect(badCampaign).toMatchObject({
        ok: false,
        error: { category: 'CAMPAIGN_LINK_INVALID', vendorCode: 'INVALID_CROSS_REFERENCE_KEY' },
      });
      expect(sandbox.salesforce.records('CampaignMember')).toEqual([]);
    });
  });

  describe('match', () => {
    it('finds what upsert would update: stored id (a converted Lead: its Contact), then email', async () => {
      const { client } = await connected();
      const stored = sandbox.salesforce.seedRecord('Lead', {
        LastName: 'Stored',
        Company: 'Acme',
        Email: 'stored@example.com',
      });
      const byEmail = sandbox.salesforce.seedRecord('Lead', {
        LastName: 'Email',
        Company: 'Acme',
        Email: 'email@example.com',
      });
      const gone = sandbox.salesforce.seedRecord('Lead', { LastName: 'Gone', Company: 'Acme' });
      sandbox.salesforce.deleteRecord('Lead', gone);
      const converted = sandbox.salesforce.seedRecord('Lead', {
        LastName: 'Converted',
        Company: 'Acme',
        Email: 'converted@example.com',
      });
      const { contactId } = sandbox.salesforce.convertLead(converted);
      const before = sandbox.salesforce.records('Lead');
      sandbox.salesforce.clearJournal();

      const results = await client.match!('Lead', [
        { key: 'stored', remoteId: stored, matchEmail: 'other@example.com' },
        { key: 'email', matchEmail: ' EMAIL@example.com ' },
        { key: 'stale', remoteId: gone, matchEmail: 'email@example.com' },
        { key: 'converted', matchEmail: 'converted@example.com' },
        { key: 'converted-stored', remoteId: converted, matchEmail: 'converted@example.com' },
        { key: 'new', matchEmail: 'new@example.com' },
        { key: 'bare' },
      ]);

      expect(results).toEqual([
        { key: 'stored', ok: true, object: 'Lead', matchedBy: 'remote_id', remoteId: stored },
        { key: 'email', ok: true, object: 'Lead', matchedBy: 'email', remoteId: byEmail },
        { key: 'stale', ok: true, object: 'Lead', matchedBy: 'email', remoteId: byEmail },
        { key: 'converted', ok: true, object: 'Lead', matchedBy: 'none' },
        {
          key: 'converted-stored',
          ok: true,
          object: 'Contact',
          matchedBy: 'remote_id',
          remoteId: contactId,
        },
        { key: 'new', ok: true, object: 'Lead', matchedBy: 'none' },
        { key: 'bare', ok: true, object: 'Lead', matchedBy: 'none' },
      ]);
      const journal = sandbox.salesforce.journal();
      expect(journal.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
        'GET /services/data/v62.0/query',
        'GET /services/data/v62.0/query',
      ]);
      expect(sandbox.salesforce.records('Lead')).toEqual(before);
    });

    it('follows the matching strategy: Contacts first, then Leads or a new Contact', async () => {
      const contact = sandbox.salesforce.seedRecord('Contact', {
        LastName: 'Customer',
        Email: 'customer@example.com',
      });
      const renamed = sandbox.salesforce.seedRecord('Contact', {
        LastName: 'Renamed',
        Email: 'renamed@example.com',
      });
      const open = sandbox.salesforce.seedRecord('Lead', {
        LastName: 'Prospect',
        Company: 'Acme',
        Email: 'prospect@example.com',
      });
      const records = [
        { key: 'contact', matchEmail: 'Customer@example.com' },
        { key: 'stored', remoteIds: { Contact: renamed }, matchEmail: 'old@example.com' },
        { key: 'lead', matchEmail: 'prospect@example.com' },
        { key: 'new', matchEmail: 'new@example.com' },
      ];
      const contacts = [
        { key: 'contact', ok: true, object: 'Contact', matchedBy: 'email', remoteId: contact },
        { key: 'stored', ok: true, object: 'Contact', matchedBy: 'remote_id', remoteId: renamed },
      ];

      const leadsAndContacts = connect({}, 'leads_and_contacts').client;
      expect(await leadsAndContacts.match!('Lead', records)).toEqual([
        ...contacts,
        { key: 'lead', ok: true, object: 'Lead', matchedBy: 'email', remoteId: open },
        { key: 'new', ok: true, object: 'Lead', matchedBy: 'none' },
      ]);
      const accountsAndContacts = connect({}, 'accounts_and_contacts').client;
      expect(await accountsAndContacts.match!('Lead', records)).toEqual([
        ...contacts,
        { key: 'lead', ok: true, object: 'Contact', matchedBy: 'none' },
        { key: 'new', ok: true, object: 'Contact', matchedBy: 'none' },
      ]);
      expect(sandbox.salesforce.records('Contact')).toHaveLength(2);
    });

    it('matches objects without an email by stored id alone', async () => {
      const { client } = await connected();
      const account = sandbox.salesforce.seedRecord('Account', { Name: 'Acme' });

      const results = await client.match!('Account', [
        { key: 'known', remoteId: account },
        { key: 'unknown', matchEmail: 'a@example.com' },
      ]);

      expect(results).toEqual([
        { key: 'known', ok: true, object: 'Account', matchedBy: 'remote_id', remoteId: account },
        { key: 'unknown', ok: true, object: 'Account', matchedBy: 'none' },
      ]);
      expect(calls('GET', '/query')).toBe(1);
    });
  });
});
