import { EntityManager } from '@mikro-orm/postgresql';
import { waitFor, type ApiClient } from '@app/demo';
import { SALESFORCE_CONNECTED_APP } from '@app/sandbox';
import { Connection, ConnectionPlatform } from '@libs/connections';
import { SyncRecord } from '@libs/sync';
import { scopeToAllOrgs } from '@libs/core';
import type { ShadowReportDto, ShadowRunDto } from '@libs/shadow';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { salesforceRefreshToken } from '../support/vendor-grant';

interface Row {
  id: string;
  target: string;
  version: number;
}

interface LeadView {
  id: string;
  email: string;
  sync: { connectionId: string; state: string }[];
  remoteIds: { connectionId: string; remoteId: string }[];
}

const WRITES = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

describe('Shadow mode: the new configuration compared with what legacy wrote', () => {
  let t: TestPlatform;
  let api: ApiClient;
  let orgId: string;
  let eventId: string;
  let legacyId: string;
  let newId: string;
  let newGrant: number | undefined;
  let legacyGrant: number | undefined;

  /** A Salesforce connection with its own grant (its own credentials), with default mappings. */
  async function connect(): Promise<{ id: string; grant: number | undefined }> {
    const refreshToken = await salesforceRefreshToken(t.sandbox.url, SALESFORCE_CONNECTED_APP);
    const connection = await api.ok<{ id: string }>('POST', '/v1/connections', {
      integration: 'salesforce',
      settings: { loginUrl: t.sandbox.url },
      credentials: {
        clientId: SALESFORCE_CONNECTED_APP.clientId,
        clientSecret: SALESFORCE_CONNECTED_APP.clientSecret,
        refreshToken,
      },
    });
    await api.ok('POST', `/v1/connections/${connection.id}/mappings/Lead/defaults`);

    return { id: connection.id, grant: t.sandbox.salesforce.grantIdOf(refreshToken) };
  }

  async function rowOf(connectionId: string, target: string): Promise<Row> {
    const mapping = await api.ok<{ rows: Row[] }>(
      'GET',
      `/v1/connections/${connectionId}/mappings/Lead`,
    );
    const row = mapping.rows.find((candidate) => candidate.target === target);
    if (!row) throw new Error(`no ${target} row`);

    return row;
  }

  async function leads(): Promise<LeadView[]> {
    return api.ok<LeadView[]>('GET', `/v1/events/${eventId}/leads?limit=500`);
  }

  function legacyRemoteId(lead: LeadView): string {
    return lead.remoteIds.find((entry) => entry.connectionId === legacyId)?.remoteId ?? '';
  }

  async function finished(runId: string): Promise<ShadowRunDto> {
    return waitFor(async () => {
      const run = await t.staff.ok<ShadowRunDto>('GET', `/v1/orgs/${orgId}/shadow-runs/${runId}`);

      return run.status === 'done' || run.status === 'failed' ? run : undefined;
    }, 'the shadow run to finish');
  }

  beforeAll(async () => {
    t = await startTestPlatform();
    // A customer imported from the legacy stack: its leads go to legacy until staff switch it.
    const org = await t.staff.ok<{ id: string; apiKey: string }>('POST', '/v1/orgs', {
      name: 'Shadowed',
      platform: 'legacy',
    });
    orgId = org.id;
    api = t.staff.withKey(org.apiKey);
    eventId = (await api.ok<{ id: string }>('POST', '/v1/events', { name: 'Expo' })).id;

    // The legacy integration, played by a Salesforce connection marked as legacy.
    const legacy = await connect();
    legacyId = legacy.id;
    legacyGrant = legacy.grant;
    const em = t.platform.app.get(EntityManager).fork();
    scopeToAllOrgs(em);
    await em.nativeUpdate(Connection, { id: legacyId }, { platform: ConnectionPlatform.Legacy });

    // The new configuration: its own connection, paused (the switch has not happened), and a
    // mapping that differs: CTO spelled out, no Phone, a Rating value Salesforce will refuse.
    const next = await connect();
    newId = next.id;
    newGrant = next.grant;
    await api.ok('PUT', `/v1/connections/${newId}/sync-mode`, { mode: 'disabled' });
    const title = await rowOf(newId, 'Title');
    await api.ok('PATCH', `/v1/connections/${newId}/mappings/Lead/rows/${title.id}`, {
      valueMap: { CTO: 'Chief Technology Officer' },
      version: title.version,
    });
    const phone = await rowOf(newId, 'Phone');
    await api.ok(
      'DELETE',
      `/v1/connections/${newId}/mappings/Lead/rows/${phone.id}?version=${phone.version}`,
    );
    const rating = await rowOf(newId, 'Rating');
    await api.ok('PATCH', `/v1/connections/${newId}/mappings/Lead/rows/${rating.id}`, {
      valueMap: { Hot: 'Very hot' },
      version: rating.version,
    });

    const base = { eventId, lastName: 'Lead', company: { name: 'Acme' }, isEnriched: true };
    for (const lead of [
      { email: 'same@example.com', firstName: 'Same' },
      { email: 'cto@example.com', firstName: 'Cee', jobTitle: 'CTO', phone: '+14155550100' },
      { email: 'hot@example.com', firstName: 'Hot', rating: 'Hot' },
      { email: 'moved@example.com', firstName: 'Moved' },
      { email: 'gone@example.com', firstName: 'Gone' },
    ]) {
      await api.ok('POST', '/v1/leads', { ...base, ...lead });
    }
    await waitFor(async () => {
      const all = await leads();
      const states = all.map((lead) => lead.sync.find((s) => s.connectionId === legacyId)?.state);

      return all.length === 5 && states.every((state) => state === 'cleared') ? all : undefined;
    }, 'legacy to clear the 5 leads');

    // Since legacy wrote them, sales replaced one record by another with the same email,
    // deleted one, and made Rating a restricted picklist (the new connection's schema knows).
    const byEmail = new Map((await leads()).map((lead) => [lead.email, lead]));
    const moved = byEmail.get('moved@example.com') as LeadView;
    t.sandbox.salesforce.deleteRecord('Lead', legacyRemoteId(moved));
    t.sandbox.salesforce.seedRecord('Lead', {
      LastName: 'Lead',
      FirstName: 'Moved',
      Company: 'Acme',
      Email: 'moved@example.com',
    });
    t.sandbox.salesforce.deleteRecord('Lead', legacyRemoteId(byEmail.get('gone@example.com')!));
    t.sandbox.salesforce.overrideField('Lead', 'Rating', { restrictedPicklist: true });
    await api.ok('POST', `/v1/connections/${newId}/schema/Lead/refresh`);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('maps, matches and pre-flights without a write, and reports what differs per lead', async () => {
    expect(legacyGrant).toBeDefined();
    expect(newGrant).toBeDefined();
    expect(newGrant).not.toBe(legacyGrant);
    const before = t.sandbox.salesforce.records('Lead');
    t.sandbox.salesforce.clearJournal();

    const started = await t.staff.request<ShadowRunDto>('POST', `/v1/orgs/${orgId}/shadow-runs`, {
      category: 'crm',
    });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      legacyConnectionId: legacyId,
      newConnectionId: newId,
      total: 5,
    });
    const run = await finished(started.body.id);
    expect(run).toMatchObject({ status: 'done', total: 5, processed: 5, error: null });

    // Nothing written: the new connection's calls were reads only, and the records are as before.
    const calls = t.sandbox.salesforce.journal().filter((entry) => entry.grantId === newGrant);
    expect(
      calls.filter((entry) => entry.path.startsWith('/services/data/')).length,
    ).toBeGreaterThan(0);
    expect(calls.filter((entry) => WRITES.has(entry.method))).toEqual([]);
    expect(calls.some((entry) => entry.path.endsWith('/query'))).toBe(true);
    expect(t.sandbox.salesforce.records('Lead')).toEqual(before);
    const states = (await leads()).map(
      (lead) => lead.sync.find((s) => s.connectionId === newId)?.state,
    );
    // The org is on legacy: the new connection holds none of its leads, and the run gave it none.
    expect(states).toEqual([undefined, undefined, undefined, undefined, undefined]);

    const report = await t.staff.ok<ShadowReportDto>(
      'GET',
      `/v1/orgs/${orgId}/shadow-runs/${run.id}/report`,
    );
    expect(report.summary).toEqual({
      compared: 5,
      identical: 1,
      differing: 3,
      wouldFail: 1,
      wouldCreateDuplicates: 1,
    });
    const byEmail = new Map(report.leads.map((lead) => [lead.email, lead]));
    const ids = new Map((await leads()).map((lead) => [lead.email, legacyRemoteId(lead)]));

    expect(byEmail.get('same@example.com')).toMatchObject({
      outcome: 'identical',
      differences: [],
      object: { legacy: 'Lead', new: 'Lead' },
      record: { legacy: ids.get('same@example.com'), new: ids.get('same@example.com') },
      matchedBy: 'remote_id',
    });
    expect(byEmail.get('cto@example.com')).toMatchObject({
      outcome: 'differs',
      differences: [
        { field: 'Phone', legacy: '+14155550100', new: null },
        { field: 'Title', legacy: 'CTO', new: 'Chief Technology Officer' },
      ],
      matchedBy: 'remote_id',
      failure: null,
    });
    expect(byEmail.get('hot@example.com')).toMatchObject({
      outcome: 'would_fail',
      differences: [{ field: 'Rating', legacy: 'Hot', new: 'Very hot' }],
      failure: { category: 'DATA_VALUE_VALIDATION', field: 'Rating' },
    });
    const seeded = t.sandbox.salesforce
      .records('Lead')
      .find((record) => record.Email === 'moved@example.com');
    expect(byEmail.get('moved@example.com')).toMatchObject({
      outcome: 'differs',
      differences: [],
      record: { legacy: ids.get('moved@example.com'), new: seeded?.Id },
      matchedBy: 'email',
      wouldDuplicate: false,
    });
    expect(byEmail.get('gone@example.com')).toMatchObject({
      outcome: 'differs',
      record: { legacy: ids.get('gone@example.com'), new: null },
      matchedBy: 'none',
      wouldDuplicate: true,
    });

    const failing = await t.staff.ok<ShadowReportDto>(
      'GET',
      `/v1/orgs/${orgId}/shadow-runs/${run.id}/report?outcome=would_fail`,
    );
    expect(failing.leads.map((lead) => lead.email)).toEqual(['hot@example.com']);
    expect(failing.total).toBe(1);
  });

  it('compares with a real legacy Salesforce integration and its panel, without a write', async () => {
    // A customer on the legacy stack: the legacy-salesforce connector (username, password and
    // security token) with its Lead panel saved through the legacy API.
    const org = await t.staff.ok<{ id: string; apiKey: string }>('POST', '/v1/orgs', {
      name: 'Shadowed legacy',
      platform: 'legacy',
    });
    const admin = t.staff.withKey(org.apiKey);
    const event = await admin.ok<{ id: string }>('POST', '/v1/events', { name: 'Legacy expo' });
    const legacy = await admin.ok<{ id: string; integration: string; platform: string }>(
      'POST',
      '/v1/legacy/connections',
      {
        vendor: 'salesforce',
        credentials: t.sandbox.salesforce.userCredentials(),
        settings: { loginUrl: t.sandbox.url },
      },
    );
    expect(legacy).toMatchObject({ integration: 'legacy-salesforce', platform: 'legacy' });
    await admin.ok('PUT', `/v1/legacy/connections/${legacy.id}/panels/Lead`, {
      fields: {
        FirstName: 'first_name',
        LastName: 'last_name',
        Email: 'email',
        Company: 'company_name',
        Title: 'job_title',
        Phone: 'phone',
        // Legacy wrote the LinkedIn profile where the new mapping writes the notes.
        Description: 'linkedin_url',
      },
    });

    // The new configuration, paused: Set Defaults, then CTO spelled out.
    const refreshToken = await salesforceRefreshToken(t.sandbox.url, SALESFORCE_CONNECTED_APP);
    const next = await admin.ok<{ id: string }>('POST', '/v1/connections', {
      integration: 'salesforce',
      settings: { loginUrl: t.sandbox.url },
      credentials: {
        clientId: SALESFORCE_CONNECTED_APP.clientId,
        clientSecret: SALESFORCE_CONNECTED_APP.clientSecret,
        refreshToken,
      },
    });
    const grant = t.sandbox.salesforce.grantIdOf(refreshToken);
    expect(grant).toBeDefined();
    await admin.ok('PUT', `/v1/connections/${next.id}/sync-mode`, { mode: 'disabled' });
    await admin.ok('POST', `/v1/connections/${next.id}/mappings/Lead/defaults`);
    const rows = await admin.ok<{ rows: Row[] }>('GET', `/v1/connections/${next.id}/mappings/Lead`);
    const title = rows.rows.find((row) => row.target === 'Title') as Row;
    await admin.ok('PATCH', `/v1/connections/${next.id}/mappings/Lead/rows/${title.id}`, {
      valueMap: { CTO: 'Chief Technology Officer' },
      version: title.version,
    });

    const base = {
      eventId: event.id,
      lastName: 'Lead',
      company: { name: 'Acme' },
      phone: '+14155550100',
      isEnriched: true,
    };
    await admin.ok('POST', '/v1/leads', {
      ...base,
      email: 'plain@example.com',
      firstName: 'Plain',
    });
    await admin.ok('POST', '/v1/leads', {
      ...base,
      email: 'cto@example.com',
      firstName: 'Cee',
      jobTitle: 'CTO',
      notes: 'Wants a demo',
      linkedinUrl: 'https://www.linkedin.com/in/cee',
    });
    const synced = await waitFor(async () => {
      const all = await admin.ok<LeadView[]>('GET', `/v1/events/${event.id}/leads`);
      const cleared = all.filter(
        (lead) => lead.sync.find((s) => s.connectionId === legacy.id)?.state === 'cleared',
      );

      return all.length === 2 && cleared.length === 2 ? all : undefined;
    }, 'the legacy connector to clear the 2 leads');
    const remoteIds = new Map(
      synced.map((lead) => [
        lead.email,
        lead.remoteIds.find((entry) => entry.connectionId === legacy.id)?.remoteId,
      ]),
    );
    const before = t.sandbox.salesforce.records('Lead');
    t.sandbox.salesforce.clearJournal();

    const run = await t.staff.ok<ShadowRunDto>('POST', `/v1/orgs/${org.id}/shadow-runs`, {
      category: 'crm',
    });
    expect(run).toMatchObject({
      legacyConnectionId: legacy.id,
      newConnectionId: next.id,
      total: 2,
    });
    const done = await waitFor(async () => {
      const current = await t.staff.ok<ShadowRunDto>(
        'GET',
        `/v1/orgs/${org.id}/shadow-runs/${run.id}`,
      );

      return current.status === 'done' || current.status === 'failed' ? current : undefined;
    }, 'the shadow run to finish');
    expect(done).toMatchObject({ status: 'done', processed: 2, error: null });

    // Nothing written with the new connection's grant, and no record changed.
    const calls = t.sandbox.salesforce.journal().filter((entry) => entry.grantId === grant);
    expect(calls.some((entry) => entry.path.endsWith('/query'))).toBe(true);
    expect(calls.filter((entry) => WRITES.has(entry.method))).toEqual([]);
    expect(t.sandbox.salesforce.records('Lead')).toEqual(before);

    const report = await t.staff.ok<ShadowReportDto>(
      'GET',
      `/v1/orgs/${org.id}/shadow-runs/${run.id}/report`,
    );
    expect(report.summary).toEqual({
      compared: 2,
      identical: 1,
      differing: 1,
      wouldFail: 0,
      wouldCreateDuplicates: 0,
    });
    const byEmail = new Map(report.leads.map((lead) => [lead.email, lead]));
    expect(byEmail.get('plain@example.com')).toMatchObject({
      outcome: 'identical',
      differences: [],
      object: { legacy: 'Lead', new: 'Lead' },
      record: {
        legacy: remoteIds.get('plain@example.com'),
        new: remoteIds.get('plain@example.com'),
      },
      matchedBy: 'remote_id',
    });
    // The fields where the legacy panel and the new mapping differ, named one by one.
    expect(byEmail.get('cto@example.com')).toMatchObject({
      outcome: 'differs',
      differences: [
        { field: 'Description', legacy: 'https://www.linkedin.com/in/cee', new: 'Wants a demo' },
        { field: 'Title', legacy: 'CTO', new: 'Chief Technology Officer' },
      ],
      object: { legacy: 'Lead', new: 'Lead' },
      record: { legacy: remoteIds.get('cto@example.com'), new: remoteIds.get('cto@example.com') },
      matchedBy: 'remote_id',
      failure: null,
    });
  });

  it('narrows a run to one event, and audits who started it', async () => {
    const other = await api.ok<{ id: string }>('POST', '/v1/events', { name: 'Other expo' });
    const run = await t.staff.ok<ShadowRunDto>('POST', `/v1/orgs/${orgId}/shadow-runs`, {
      connectionId: newId,
      eventId: other.id,
    });
    expect(await finished(run.id)).toMatchObject({ status: 'done', total: 0, processed: 0 });

    const log = await api.ok<{ action: string; actor: string; targetId: string }[]>(
      'GET',
      '/v1/audit-log',
    );
    const started = log.filter((entry) => entry.action === 'shadow_run.started');
    expect(started.map((entry) => entry.targetId)).toContain(run.id);
    expect(started[0].actor).toMatch(/^staff_key:/);
  });

  it('is for staff only, answers 404 for another org, and names the field it refuses', async () => {
    const path = `/v1/orgs/${orgId}/shadow-runs`;
    expect((await api.request('POST', path, { category: 'crm' })).status).toBe(403);
    expect((await api.request('GET', path)).status).toBe(403);

    const runs = await t.staff.ok<ShadowRunDto[]>('GET', path);
    expect(runs.length).toBeGreaterThanOrEqual(1);
    const stranger = await t.staff.ok<{ id: string }>('POST', '/v1/orgs', { name: 'Stranger' });
    const foreign = await t.staff.request(
      'GET',
      `/v1/orgs/${stranger.id}/shadow-runs/${runs[0].id}/report`,
    );
    expect(foreign.status).toBe(404);

    const missing = await t.staff.request<{ errors: { field: string }[] }>('POST', path, {});
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((error) => error.field)).toEqual(['category']);
    const legacyAsNew = await t.staff.request<{ errors: { field: string }[] }>('POST', path, {
      connectionId: legacyId,
    });
    expect(legacyAsNew.status).toBe(422);
    expect(legacyAsNew.body.errors.map((error) => error.field)).toEqual(['connectionId']);
    const noLegacy = await t.staff.request<{ errors: { field: string; message: string }[] }>(
      'POST',
      `/v1/orgs/${stranger.id}/shadow-runs`,
      { category: 'crm' },
    );
    expect(noLegacy.status).toBe(422);
    expect(noLegacy.body.errors[0].field).toBe('connectionId');
  });

  it('keeps what each write sent, and records it for a lead synced again unchanged', async () => {
    const em = t.platform.app.get(EntityManager).fork();
    scopeToAllOrgs(em);
    const same = (await leads()).find((lead) => lead.email === 'same@example.com') as LeadView;
    const record = await em.findOneOrFail(SyncRecord, { lead: same.id, connection: legacyId });
    expect(record.lastWritten).toEqual({
      object: 'Lead',
      values: {
        FirstName: 'Same',
        LastName: 'Lead',
        Email: 'same@example.com',
        Company: 'Acme',
      },
    });

    // A record cleared before writes were kept: the unchanged payload is recorded, not sent.
    await em.nativeUpdate(SyncRecord, { id: record.id }, { lastWritten: null });
    const synced = record.syncedAt as Date;
    t.sandbox.salesforce.clearJournal();
    await api.ok('POST', '/v1/leads', {
      eventId,
      email: 'same@example.com',
      firstName: 'Same',
      lastName: 'Lead',
      company: { name: 'Acme' },
      isEnriched: true,
    });
    const again = await waitFor(async () => {
      const current = await em.fork().findOneOrFail(SyncRecord, { id: record.id });

      return current.state === 'cleared' && current.syncedAt! > synced ? current : undefined;
    }, 'legacy to sync the lead again');

    expect(again.lastWritten).toEqual(record.lastWritten);
    const writes = t.sandbox.salesforce.journal().filter((entry) => WRITES.has(entry.method));
    expect(writes.filter((entry) => entry.path.startsWith('/services/data/'))).toEqual([]);
  });
});
