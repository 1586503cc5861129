import {
  waitFor,
  sampleLeadsCsv,
  setUpSalesforceOrg,
  summary,
  type SalesforceOrg,
  type Summary,
} from '@app/demo';
import { SALESFORCE_CONNECTED_APP } from '@app/sandbox';
import { ConnectionsService } from '@libs/connections';
import type { LeadDto } from '@libs/intake';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { salesforceRefreshToken } from '../support/vendor-grant';

async function settled(org: SalesforceOrg, total: number): Promise<Summary> {
  return waitFor(async () => {
    const current = await summary(org);

    return current.total === total && current.preSync.total === 0 ? current : undefined;
  }, `${total} leads to settle`);
}

async function leadsOf(org: SalesforceOrg): Promise<LeadDto[]> {
  return org.api.ok<LeadDto[]>('GET', `/v1/events/${org.eventId}/leads`);
}

async function salesforceCredentials(sandboxUrl: string): Promise<Record<string, string>> {
  return {
    clientId: SALESFORCE_CONNECTED_APP.clientId,
    clientSecret: SALESFORCE_CONNECTED_APP.clientSecret,
    refreshToken: await salesforceRefreshToken(sandboxUrl, SALESFORCE_CONNECTED_APP),
  };
}

function lead(email: string, company = 'Acme'): Record<string, unknown> {
  return {
    firstName: 'Test',
    lastName: email.split('@')[0],
    email,
    company: { name: company },
    isEnriched: true,
  };
}

describe('Syncing leads into Salesforce (Redis queue)', () => {
  let t: TestPlatform;

  beforeAll(async () => {
    t = await startTestPlatform({ queue: 'redis' });
  });

  afterAll(async () => {
    await t?.close();
  });

  beforeEach(() => t.sandbox.salesforce.reset());

  it('clears all 22 sample leads with the ids Salesforce assigned', async () => {
    const org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
    const result = await org.api.importCsv(org.eventId, sampleLeadsCsv());

    expect(result.imported).toBe(22);
    expect(await settled(org, 22)).toMatchObject({ cleared: 22, failed: 0 });

    const remote = t.sandbox.salesforce.records('Lead');
    expect(remote).toHaveLength(22);
    const idsByEmail = new Map(
      remote.map((record) => [String(record.Email).toLowerCase(), record.Id]),
    );
    for (const stored of await leadsOf(org)) {
      expect(stored.sync[0].state).toBe('cleared');
      expect(stored.remoteIds).toEqual([
        {
          connectionId: org.connectionId,
          integration: 'salesforce',
          object: 'Lead',
          remoteId: idsByEmail.get(stored.email as string),
        },
      ]);
    }
    const bertha = remote.find((record) => record.Email === 'bertha@fcof.net');
    expect(bertha).toMatchObject({
      FirstName: 'Bertha',
      LastName: 'Boxer',
      Company: 'Farmers Coop. of Florida',
      Title: 'Director of Vendor Relations',
    });
  });

  it('fails only the lead whose 300-character company is too long for Salesforce', async () => {
    const org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
    const longCompany = 'C'.repeat(300);
    for (const email of ['ok1@example.com', 'long@example.com', 'ok2@example.com']) {
      await org.api.ok('POST', '/v1/leads', {
        eventId: org.eventId,
        ...lead(email, email.startsWith('long') ? longCompany : 'Acme'),
      });
    }

    const done = await settled(org, 3);
    expect(done).toMatchObject({ cleared: 2, failed: 1 });
    expect(done.failedByCategory).toEqual([
      expect.objectContaining({ category: 'DATA_VALUE_VALIDATION', count: 1 }),
    ]);
    const failed = (await leadsOf(org)).find((stored) => stored.email === 'long@example.com');
    expect(failed?.sync[0]).toMatchObject({
      state: 'failed',
      errorCategory: 'DATA_VALUE_VALIDATION',
      errorCode: 'STRING_TOO_LONG',
      errorField: 'Company',
    });
    expect(failed?.sync[0].errorMessage).toContain('max length=255');
    expect(failed?.remoteIds).toEqual([]);
    expect(
      t.sandbox.salesforce
        .records('Lead')
        .map((record) => record.Email)
        .sort(),
    ).toEqual(['ok1@example.com', 'ok2@example.com']);
  });

  it('never turns a lead ingested twice into two Salesforce records', async () => {
    const org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
    const first = await org.api.ok<LeadDto>('POST', '/v1/leads', {
      eventId: org.eventId,
      ...lead('twice@example.com'),
    });
    await settled(org, 1);
    const second = await org.api.ok<LeadDto>('POST', '/v1/leads', {
      eventId: org.eventId,
      ...lead('TWICE@example.com'),
      jobTitle: 'CTO',
    });
    // A second capture from the app, with its own id, of the same person.
    await org.api.ok('POST', '/v1/leads', {
      eventId: org.eventId,
      externalId: 'app-lead-2',
      ...lead('twice@example.com'),
    });

    expect(second.id).toBe(first.id);
    const done = await settled(org, 2);
    expect(done).toMatchObject({ cleared: 2, failed: 0 });
    const remote = t.sandbox.salesforce.records('Lead');
    expect(remote).toHaveLength(1);
    expect(remote[0]).toMatchObject({ Email: 'twice@example.com', Title: 'CTO' });
    const ids = (await leadsOf(org)).map((stored) => stored.remoteIds[0]?.remoteId);
    expect(ids).toEqual([remote[0].Id, remote[0].Id]);
  });

  it('refreshes an expired access token once and still clears the batch', async () => {
    const org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
    t.sandbox.salesforce.expireAccessTokens();
    t.sandbox.salesforce.clearJournal();
    for (const email of [
      'a@expired.example.com',
      'b@expired.example.com',
      'c@expired.example.com',
    ]) {
      await org.api.ok('POST', '/v1/leads', { eventId: org.eventId, ...lead(email) });
    }

    expect(await settled(org, 3)).toMatchObject({ cleared: 3, failed: 0 });
    const tokenCalls = t.sandbox.salesforce
      .journal()
      .filter((entry) => entry.path === '/services/oauth2/token');
    expect(tokenCalls).toHaveLength(1);
  });

  it('holds the leads of a revoked connection as queued and asks for re-authorisation', async () => {
    const org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
    t.sandbox.salesforce.revokeGrants();
    await org.api.ok('POST', '/v1/leads', { eventId: org.eventId, ...lead('held@example.com') });

    const connection = await waitFor(async () => {
      const current = await org.api.ok<{ status: string; problem: { category: string } | null }>(
        'GET',
        `/v1/connections/${org.connectionId}`,
      );

      return current.status === 'needs_reauth' ? current : undefined;
    }, 'the connection to need re-authorisation');

    expect(connection.problem?.category).toBe('AUTH_INVALID');
    // The connection is marked during the refused call; the batch is recorded a moment later.
    const held = await waitFor(async () => {
      const current = await summary(org);

      return current.preSync.queued === 1 ? current : undefined;
    }, 'the lead to be held as queued');
    expect(held).toMatchObject({ cleared: 0, failed: 0, preSync: { total: 1, queued: 1 } });
    const [stored] = await leadsOf(org);
    expect(stored.sync[0].state).toBe('queued');
    expect(t.sandbox.salesforce.records('Lead')).toHaveLength(0);

    const reauthorized = await org.api.ok<{ status: string }>(
      'POST',
      `/v1/connections/${org.connectionId}/reauthorize`,
      { credentials: await salesforceCredentials(t.sandbox.url) },
    );
    expect(reauthorized.status).toBe('connected');
    expect(await settled(org, 1)).toMatchObject({ cleared: 1, failed: 0 });
    expect(t.sandbox.salesforce.records('Lead').map((record) => record.Email)).toEqual([
      'held@example.com',
    ]);
  });

  it('holds leads while the connection has no mapping, and syncs them once one is set', async () => {
    const created = await t.staff.ok<{ apiKey: string }>('POST', '/v1/orgs', { name: 'Unmapped' });
    const api = t.api.withKey(created.apiKey);
    const event = await api.ok<{ id: string }>('POST', '/v1/events', { name: 'Expo' });
    const connection = await api.ok<{ id: string }>('POST', '/v1/connections', {
      integration: 'salesforce',
      settings: { loginUrl: t.sandbox.url },
      credentials: await salesforceCredentials(t.sandbox.url),
    });
    const org = { api, orgId: '', eventId: event.id, connectionId: connection.id };
    await api.ok('POST', '/v1/leads', { eventId: event.id, ...lead('unmapped@example.com') });
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(await summary(org)).toMatchObject({ failed: 0, preSync: { queued: 1 } });
    expect(t.sandbox.salesforce.records('Lead')).toHaveLength(0);

    await api.ok('POST', `/v1/connections/${connection.id}/mappings/Lead/defaults`);
    expect(await settled(org, 1)).toMatchObject({ cleared: 1, failed: 0 });
  });

  it('keeps the leads of a disconnected connection as Paused until it is connected again', async () => {
    const org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
    // Waiting when the connection goes: not enriched yet, so it waits ENRICHMENT_WAIT_MS.
    await org.api.ok('POST', '/v1/leads', {
      eventId: org.eventId,
      ...lead('waiting@example.com'),
      isEnriched: false,
    });
    expect(await summary(org)).toMatchObject({ preSync: { total: 1, awaitingEnrichment: 1 } });
    const disconnected = await org.api.ok<{ status: string }>(
      'DELETE',
      `/v1/connections/${org.connectionId}`,
    );
    await org.api.ok('POST', '/v1/leads', { eventId: org.eventId, ...lead('paused@example.com') });

    expect(disconnected.status).toBe('disconnected');
    expect(await t.platform.app.get(ConnectionsService).credentialsOf(org.connectionId)).toEqual(
      {},
    );
    expect(await summary(org)).toMatchObject({ preSync: { total: 2, paused: 2 } });

    await org.api.ok('POST', `/v1/connections/${org.connectionId}/reauthorize`, {
      credentials: await salesforceCredentials(t.sandbox.url),
    });
    // Nothing was dropped: both held leads sync once the connection is back.
    expect(await settled(org, 2)).toMatchObject({ cleared: 2, failed: 0 });
  });
});

describe('Syncing leads into Salesforce (PostgreSQL queue)', () => {
  let t: TestPlatform;

  beforeAll(async () => {
    t = await startTestPlatform({ queue: 'postgres' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('clears the sample leads with BullMQ on its PostgreSQL backend', async () => {
    const org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
    await org.api.importCsv(org.eventId, sampleLeadsCsv());

    expect(await settled(org, 22)).toMatchObject({ cleared: 22, failed: 0 });
    expect(t.sandbox.salesforce.records('Lead')).toHaveLength(22);
  });
});
