import {
  connectHubSpot,
  sampleLeadsCsv,
  summary,
  waitFor,
  type SalesforceOrg,
  type Summary,
} from '@app/demo';
import { EntityManager } from '@mikro-orm/postgresql';
import { Connection, ConnectionsService, type ConnectionDto } from '@libs/connections';
import { scopeToAllOrgs } from '@libs/core';
import type { LeadDto } from '@libs/intake';
import type { FailedLead, Page } from '@libs/reconciliation';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { salesforceRefreshToken } from '../support/vendor-grant';
import { SALESFORCE_CONNECTED_APP } from '@app/sandbox';

const LEAD_PANEL = {
  FirstName: 'first_name',
  LastName: 'last_name',
  Email: 'email',
  Company: 'company_name',
  Title: 'job_title',
  Phone: 'phone',
  City: 'city',
  State: 'state',
  Country: 'country',
};

const CONTACT_PANEL = {
  firstname: 'first_name',
  lastname: 'last_name',
  email: 'email',
  company: 'company_name',
  jobtitle: 'job_title',
  phone: 'phone',
};

interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

async function settled(org: SalesforceOrg, total: number): Promise<Summary> {
  return waitFor(async () => {
    const current = await summary(org);

    return current.total === total && current.preSync.total === 0 ? current : undefined;
  }, `${total} leads to settle`);
}

async function newOrg(t: TestPlatform, name: string) {
  // A customer imported from the legacy stack: every category starts on legacy.
  const org = await t.staff.ok<{ id: string; apiKey: string }>('POST', '/v1/orgs', {
    name,
    platform: 'legacy',
  });
  const api = t.staff.withKey(org.apiKey);
  const event = await api.ok<{ id: string }>('POST', '/v1/events', { name: 'Legacy Expo' });

  return { api, orgId: org.id, eventId: event.id };
}

describe('Legacy integrations (maintenance mode, through the legacy connector)', () => {
  let t: TestPlatform;

  beforeAll(async () => {
    t = await startTestPlatform({ queue: 'redis' });
  });

  afterAll(async () => {
    await t?.close();
  });

  beforeEach(() => {
    t.sandbox.salesforce.reset();
    t.sandbox.hubspot.reset();
  });

  async function legacySalesforce(name: string, password?: string): Promise<SalesforceOrg> {
    const org = await newOrg(t, name);
    const user = t.sandbox.salesforce.userCredentials();
    const connection = await org.api.ok<ConnectionDto>('POST', '/v1/legacy/connections', {
      vendor: 'salesforce',
      credentials: { ...user, ...(password === undefined ? {} : { password }) },
      settings: { loginUrl: t.sandbox.url },
    });

    return { ...org, connectionId: connection.id };
  }

  it('syncs the 22 sample leads into Salesforce with username, password and security token', async () => {
    const org = await legacySalesforce('Legacy SF');
    const connection = await org.api.ok<ConnectionDto>(
      'GET',
      `/v1/connections/${org.connectionId}`,
    );
    expect(connection).toMatchObject({
      integration: 'legacy-salesforce',
      platform: 'legacy',
      status: 'connected',
      syncMode: 'automatic',
      account: expect.stringContaining('sandbox.user@mobly.example') as string,
    });
    // The legacy way in: a SOAP login(), no OAuth token endpoint.
    const paths = t.sandbox.salesforce.journal().map((entry) => entry.path);
    expect(paths).toContain('/services/Soap/u/62.0');
    expect(paths).not.toContain('/services/oauth2/token');

    const saved = await org.api.ok<{ object: string; fields: Record<string, string> }>(
      'PUT',
      `/v1/legacy/connections/${org.connectionId}/panels/Lead`,
      { fields: LEAD_PANEL },
    );
    expect(saved).toEqual({ object: 'Lead', fields: LEAD_PANEL });
    expect(
      await org.api.ok('GET', `/v1/legacy/connections/${org.connectionId}/configuration`),
    ).toEqual({ objects: { Lead: LEAD_PANEL } });
    // The panel became the connection's mapping rows, on the Mobly lead field paths.
    const mapping = await org.api.ok<{ rows: { source: string; target: string }[] }>(
      'GET',
      `/v1/connections/${org.connectionId}/mappings/Lead`,
    );
    expect(mapping.rows.map((row) => `${row.target}<-${row.source}`).sort()).toEqual(
      [
        'City<-address.city',
        'Company<-company.name',
        'Country<-address.country',
        'Email<-email',
        'FirstName<-firstName',
        'LastName<-lastName',
        'Phone<-phone',
        'State<-address.state',
        'Title<-jobTitle',
      ].sort(),
    );

    const result = await org.api.importCsv(org.eventId, sampleLeadsCsv());
    expect(result.imported).toBe(22);
    expect(await settled(org, 22)).toMatchObject({ cleared: 22, failed: 0 });

    const remote = t.sandbox.salesforce.records('Lead');
    expect(remote).toHaveLength(22);
    const ids = new Map(remote.map((record) => [String(record.Email).toLowerCase(), record.Id]));
    const leads = await org.api.ok<LeadDto[]>('GET', `/v1/events/${org.eventId}/leads`);
    for (const stored of leads) {
      expect(stored.remoteIds).toEqual([
        {
          connectionId: org.connectionId,
          integration: 'legacy-salesforce',
          object: 'Lead',
          remoteId: ids.get(stored.email as string),
        },
      ]);
    }
    const bertha = remote.find((record) => record.Email === 'bertha@fcof.net');
    expect(bertha).toMatchObject({ LastName: 'Boxer', Company: 'Farmers Coop. of Florida' });
    // Written through sObject Collections, as the new connector writes.
    expect(
      t.sandbox.salesforce
        .journal()
        .some((entry) => entry.method === 'POST' && entry.path.endsWith('/composite/sobjects')),
    ).toBe(true);
  });

  it('records what Salesforce refuses with its own code and message, not categorised', async () => {
    const org = await legacySalesforce('Legacy SF refusals');
    await org.api.ok('PUT', `/v1/legacy/connections/${org.connectionId}/panels/Lead`, {
      fields: LEAD_PANEL,
    });
    // Salesforce requires a Lead's Company; this lead has none.
    await org.api.ok('POST', '/v1/leads', {
      eventId: org.eventId,
      firstName: 'No',
      lastName: 'Company',
      email: 'no.company@example.com',
      isEnriched: true,
    });
    await org.api.ok('POST', '/v1/leads', {
      eventId: org.eventId,
      firstName: 'Has',
      lastName: 'Company',
      email: 'has.company@example.com',
      company: { name: 'Acme' },
      isEnriched: true,
    });
    expect(await settled(org, 2)).toMatchObject({
      cleared: 1,
      failed: 1,
      failedByCategory: [{ category: 'UNKNOWN', count: 1 }],
    });
    const failed = await org.api.ok<Page<FailedLead>>(
      'GET',
      `/v1/connections/${org.connectionId}/reconciliation/failed`,
    );
    expect(failed.items).toHaveLength(1);
    expect(failed.items[0]).toMatchObject({
      category: 'UNKNOWN',
      vendorCode: 'REQUIRED_FIELD_MISSING',
      vendorMessage: expect.stringContaining('Company') as string,
    });
  });

  it('holds the leads queued and asks for new credentials when the password stops working', async () => {
    const org = await legacySalesforce('Legacy SF password');
    await org.api.ok('PUT', `/v1/legacy/connections/${org.connectionId}/panels/Lead`, {
      fields: LEAD_PANEL,
    });
    // The user changed their password in Salesforce; the stored session has expired.
    t.sandbox.salesforce.setUserPassword('A-New-Passw0rd');
    t.sandbox.salesforce.expireAccessTokens();
    await org.api.ok('POST', '/v1/leads', {
      eventId: org.eventId,
      lastName: 'Waiting',
      email: 'waiting@example.com',
      company: { name: 'Acme' },
      isEnriched: true,
    });

    const connection = await waitFor(async () => {
      const current = await org.api.ok<ConnectionDto>('GET', `/v1/connections/${org.connectionId}`);

      return current.status === 'needs_reauth' ? current : undefined;
    }, 'the connection to need re-authorisation');
    expect(connection.problem).toMatchObject({
      category: 'AUTH_INVALID',
      vendorCode: 'INVALID_LOGIN',
      vendorMessage:
        'INVALID_LOGIN: Invalid username, password, security token; or user locked out.',
    });
    const waiting = await summary(org);
    expect(waiting).toMatchObject({ cleared: 0, failed: 0, preSync: { queued: 1 } });
    expect(t.sandbox.salesforce.records('Lead')).toHaveLength(0);

    // The admin enters the new password: the held lead syncs.
    await org.api.ok('POST', `/v1/connections/${org.connectionId}/reauthorize`, {
      credentials: { ...t.sandbox.salesforce.userCredentials() },
    });
    expect(await settled(org, 1)).toMatchObject({ cleared: 1, failed: 0 });
  });

  it('refuses a wrong password at connect time as Salesforce does', async () => {
    const org = await legacySalesforce('Legacy SF wrong', 'not-the-password');
    const connection = await org.api.ok<ConnectionDto>(
      'GET',
      `/v1/connections/${org.connectionId}`,
    );
    expect(connection).toMatchObject({
      status: 'needs_reauth',
      problem: { category: 'AUTH_INVALID', vendorCode: 'INVALID_LOGIN' },
    });
  });

  it('syncs the 22 sample leads into HubSpot with a private-app token', async () => {
    const org = await newOrg(t, 'Legacy HubSpot');
    const token = t.sandbox.hubspot.privateAppToken();
    expect(token).toMatch(/^pat-/);
    const connection = await org.api.ok<ConnectionDto>('POST', '/v1/legacy/connections', {
      vendor: 'hubspot',
      credentials: { privateAppToken: token },
      settings: { baseUrl: t.sandbox.url },
    });
    expect(connection).toMatchObject({
      integration: 'legacy-hubspot',
      platform: 'legacy',
      status: 'connected',
      account: 'HubSpot (hub 24681357)',
    });
    const hub = { ...org, connectionId: connection.id };
    await org.api.ok('PUT', `/v1/legacy/connections/${connection.id}/panels/contacts`, {
      fields: CONTACT_PANEL,
    });
    await org.api.importCsv(org.eventId, sampleLeadsCsv());
    expect(await settled(hub, 22)).toMatchObject({ cleared: 22, failed: 0 });

    const remote = t.sandbox.hubspot.records('contacts');
    expect(remote).toHaveLength(22);
    const ids = new Map(
      remote.map((record) => [String(record.properties.email).toLowerCase(), record.id]),
    );
    const leads = await org.api.ok<LeadDto[]>('GET', `/v1/events/${org.eventId}/leads`);
    for (const stored of leads) {
      expect(stored.remoteIds).toEqual([
        {
          connectionId: connection.id,
          integration: 'legacy-hubspot',
          object: 'contacts',
          remoteId: ids.get(stored.email as string),
        },
      ]);
    }
    expect(
      t.sandbox.hubspot
        .journal()
        .some((entry) => entry.path === '/crm/v3/objects/contacts/batch/upsert'),
    ).toBe(true);
  });

  it('refuses a private-app token HubSpot did not issue', async () => {
    const org = await newOrg(t, 'Legacy HubSpot bad token');
    const connection = await org.api.ok<ConnectionDto>('POST', '/v1/legacy/connections', {
      vendor: 'hubspot',
      credentials: { privateAppToken: 'pat-na1-00000000-0000-0000-0000-000000000000' },
      settings: { baseUrl: t.sandbox.url },
    });
    expect(connection).toMatchObject({
      status: 'needs_reauth',
      problem: { category: 'AUTH_INVALID', vendorCode: 'INVALID_AUTHENTICATION' },
    });
  });

  it('validates the legacy forms and keeps legacy connections automatic', async () => {
    const org = await newOrg(t, 'Legacy validation');
    const missing = await org.api.request<Problem>('POST', '/v1/legacy/connections', {
      vendor: 'salesforce',
      credentials: { username: 'someone@example.com' },
    });
    expect(missing.status).toBe(422);
    expect(missing.contentType).toContain('application/problem+json');
    expect(missing.body.errors?.map((error) => error.field).sort()).toEqual([
      'credentials.password',
      'credentials.securityToken',
    ]);

    const manual = await org.api.request<Problem>('POST', '/v1/legacy/connections', {
      vendor: 'salesforce',
      credentials: t.sandbox.salesforce.userCredentials(),
      settings: { loginUrl: t.sandbox.url },
      syncMode: 'manual',
    });
    expect(manual.status).toBe(422);
    expect(manual.body.errors).toEqual([
      {
        field: 'syncMode',
        message: 'legacy integrations always sync automatically: must be automatic',
      },
    ]);

    const vendor = await org.api.request<Problem>('POST', '/v1/legacy/connections', {
      vendor: 'marketo',
      credentials: {},
    });
    expect(vendor.status).toBe(422);
    expect(vendor.body.errors?.map((error) => error.field)).toContain('vendor');

    const generic = await org.api.request<Problem>('POST', '/v1/connections', {
      integration: 'legacy-salesforce',
      credentials: t.sandbox.salesforce.userCredentials(),
    });
    expect(generic.status).toBe(422);
    expect(generic.body.errors?.[0].field).toBe('integration');

    const connection = await org.api.ok<ConnectionDto>('POST', '/v1/legacy/connections', {
      vendor: 'salesforce',
      credentials: t.sandbox.salesforce.userCredentials(),
      settings: { loginUrl: t.sandbox.url },
    });
    const mode = await org.api.request<Problem>(
      'PUT',
      `/v1/connections/${connection.id}/sync-mode`,
      { mode: 'manual' },
    );
    expect(mode.status).toBe(409);
    expect(mode.contentType).toContain('application/problem+json');
    expect(
      (await org.api.ok<ConnectionDto>('GET', `/v1/connections/${connection.id}`)).syncMode,
    ).toBe('automatic');

    const unknown = await org.api.request<Problem>(
      'PUT',
      `/v1/legacy/connections/${connection.id}/panels/Lead`,
      { fields: { LastName: 'last_name', Shoe_Size__c: 'shoe_size' } },
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([
      { field: 'fields.Shoe_Size__c', message: 'unknown legacy field "shoe_size"' },
    ]);
    // Nothing was saved.
    expect(await org.api.ok('GET', `/v1/legacy/connections/${connection.id}/panels/Lead`)).toEqual({
      object: 'Lead',
      fields: {},
    });

    const object = await org.api.request<Problem>(
      'PUT',
      `/v1/legacy/connections/${connection.id}/panels/Opportunity`,
      { fields: { Name: 'last_name' } },
    );
    expect(object.status).toBe(422);
    expect(object.body.errors?.[0].field).toBe('object');
  });

  it('shares the Salesforce account’s rate budget with the new connector', async () => {
    const legacy = await legacySalesforce('Legacy budget');
    const other = await newOrg(t, 'New budget');
    const created = await other.api.ok<ConnectionDto>('POST', '/v1/connections', {
      integration: 'salesforce',
      settings: { loginUrl: t.sandbox.url },
      credentials: {
        clientId: SALESFORCE_CONNECTED_APP.clientId,
        clientSecret: SALESFORCE_CONNECTED_APP.clientSecret,
        refreshToken: await salesforceRefreshToken(t.sandbox.url, SALESFORCE_CONNECTED_APP),
      },
    });
    const legacyConnection = await legacy.api.ok<ConnectionDto>(
      'GET',
      `/v1/connections/${legacy.connectionId}`,
    );
    const newConnection = await other.api.ok<ConnectionDto>('GET', `/v1/connections/${created.id}`);
    expect(legacyConnection.account).toBe(newConnection.account);

    const connections = t.platform.app.get(ConnectionsService);
    const budgetOf = async (id: string) => {
      const em = t.platform.app.get(EntityManager).fork();
      scopeToAllOrgs(em);

      return connections.budgetOf(await em.findOneOrFail(Connection, { id }));
    };
    const legacyBudget = await budgetOf(legacy.connectionId);
    const newBudget = await budgetOf(created.id);
    expect(legacyBudget.key).toBe(newBudget.key);
    // The org id, whichever user connected: the limits are the Salesforce org's.
    const orgId = /\(org (\w+)\)/.exec(newConnection.account ?? '')?.[1];
    expect(orgId).toBeDefined();
    expect(legacyBudget.key).toBe(`salesforce:org:${orgId}`);
    expect(legacyBudget.limits).toEqual(newBudget.limits);
  });

  it('shares the HubSpot portal’s rate budget between a private-app token and the OAuth app', async () => {
    const legacy = await newOrg(t, 'Legacy HubSpot budget');
    const legacyConnection = await legacy.api.ok<ConnectionDto>('POST', '/v1/legacy/connections', {
      vendor: 'hubspot',
      credentials: { privateAppToken: t.sandbox.hubspot.privateAppToken() },
      settings: { baseUrl: t.sandbox.url },
    });
    const other = await newOrg(t, 'New HubSpot budget');
    const created = await connectHubSpot(other.api, t.sandbox.url);
    const newConnection = await other.api.ok<ConnectionDto>('GET', `/v1/connections/${created.id}`);
    // Each names the portal its own way (the OAuth token knows the hub's domain)…
    expect(legacyConnection.account).toBe('HubSpot (hub 24681357)');
    expect(newConnection.account).toMatch(/\(hub 24681357\)$/);
    expect(newConnection.account).not.toBe(legacyConnection.account);

    // …and both report the hub id, so their calls take turns in one budget.
    const connections = t.platform.app.get(ConnectionsService);
    const em = t.platform.app.get(EntityManager).fork();
    scopeToAllOrgs(em);
    const stored = await em.find(Connection, { id: [legacyConnection.id, created.id] });
    expect(stored.map((connection) => connection.accountId)).toEqual([
      'hub:24681357',
      'hub:24681357',
    ]);
    const [legacyBudget, newBudget] = stored.map((connection) => connections.budgetOf(connection));
    expect(legacyBudget.key).toBe('hubspot:hub:24681357');
    expect(newBudget.key).toBe(legacyBudget.key);
    expect(legacyBudget.limits).toEqual(newBudget.limits);

    // One budget indeed: HubSpot's 429 to the private app pauses the OAuth connection's calls.
    await legacyBudget.budget.pause(legacyBudget.key, 2_000);
    expect(await newBudget.budget.acquire(newBudget.key, newBudget.limits)).toMatchObject({
      granted: false,
      reason: 'paused',
    });
  });
});
