import { connectHubSpot, connectSalesforce, waitFor, type ApiClient } from '@app/demo';
import type { ConnectionDto } from '@libs/connections';
import type { LeadDto } from '@libs/intake';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

/** The legacy Lead panel: some rows as Set Defaults has them, some not, two it cannot have. */
const LEAD_PANEL = {
  FirstName: 'first_name',
  LastName: 'last_name',
  Email: 'email',
  Company: 'company_name',
  Title: 'job_title',
  // Set Defaults writes the notes here; legacy wrote the LinkedIn profile.
  Description: 'linkedin_url',
  // Set Defaults only fills Lead Source in; legacy overwrote it.
  LeadSource: 'lead_source',
  // A currency field written with text: flagged, as a mapping row would be.
  AnnualRevenue: 'company_name',
  // Not written by Set Defaults.
  Fax: 'phone',
  // A custom field this Salesforce org does not have (legacy never read the schema).
  Badge_Notes__c: 'notes',
};

const CONTACT_PANEL = { LastName: 'last_name', Email: 'email' };

interface Problem {
  status: number;
  detail: string;
  etag?: string;
  errors?: { field: string; message: string }[];
}

interface LiveRow {
  id: string;
  source: string | null;
  target: string;
  behaviour: string;
  version: number;
}

interface DraftRow {
  object: string;
  source: string;
  legacyField: string;
  target: string;
  status: 'added' | 'changed' | 'unchanged';
  changes: string[];
  current: LiveRow | null;
  problems: { code: string; field: string }[];
}

interface Draft {
  id: string;
  connectionId: string;
  legacyConnectionId: string;
  appliedAt: string | null;
  etag: string;
  summary: Record<'added' | 'changed' | 'unchanged' | 'notInDraft' | 'withProblems', number>;
  objects: {
    object: string;
    legacyObject: string;
    rows: DraftRow[];
    notInDraft: LiveRow[];
    problems: { code: string; field: string }[];
  }[];
  skipped: { legacyObject: string; target: string | null; reason: string }[];
}

interface Applied {
  applied: LiveRow[];
  skipped: { legacyObject: string; target: string | null; reason: string }[];
  draft: Draft;
}

describe('Importing the legacy mapping as a draft on a new connection', () => {
  let t: TestPlatform;

  beforeAll(async () => {
    t = await startTestPlatform();
  });

  afterAll(async () => {
    await t?.close();
  });

  /** An org imported from legacy, with an event. */
  async function legacyOrg(name: string) {
    const org = await t.staff.ok<{ id: string; apiKey: string }>('POST', '/v1/orgs', {
      name,
      platform: 'legacy',
    });
    const api = t.staff.withKey(org.apiKey);
    const event = await api.ok<{ id: string }>('POST', '/v1/events', { name: 'Expo' });

    return { api, orgId: org.id, eventId: event.id };
  }

  async function mapping(api: ApiClient, connectionId: string, object: string) {
    const view = await api.ok<{ rows: LiveRow[] }>(
      'GET',
      `/v1/connections/${connectionId}/mappings/${object}`,
    );

    return view.rows;
  }

  function row(draft: Draft, object: string, target: string): DraftRow {
    const found = draft.objects
      .find((candidate) => candidate.object === object)
      ?.rows.find((candidate) => candidate.target === target);
    if (!found) throw new Error(`no draft row ${object}.${target}`);

    return found;
  }

  /** Posts a lead and waits until the new connection clears it; answers its Salesforce Lead. */
  async function synced(api: ApiClient, eventId: string, connectionId: string, email: string) {
    await api.ok('POST', '/v1/leads', {
      eventId,
      firstName: 'Ada',
      lastName: 'Lovelace',
      email,
      company: { name: 'Analytical Engines' },
      notes: 'Met at the booth',
      linkedinUrl: 'https://www.linkedin.com/in/ada',
      isEnriched: true,
    });
    await waitFor(async () => {
      const leads = await api.ok<LeadDto[]>('GET', `/v1/events/${eventId}/leads?limit=500`);
      const lead = leads.find((candidate) => candidate.email === email);
      const state = lead?.sync.find((entry) => entry.connectionId === connectionId)?.state;

      return state === 'cleared' ? true : undefined;
    }, `${email} to clear`);

    return t.sandbox.salesforce.records('Lead').find((record) => record.Email === email);
  }

  it('shows the draft for review, applies only what is asked as reviewed, and refuses a stale apply', async () => {
    const org = await legacyOrg('Draft SF');
    const legacy = await org.api.ok<ConnectionDto>('POST', '/v1/legacy/connections', {
      vendor: 'salesforce',
      credentials: t.sandbox.salesforce.userCredentials(),
      settings: { loginUrl: t.sandbox.url },
    });
    await org.api.ok('PUT', `/v1/legacy/connections/${legacy.id}/panels/Lead`, {
      fields: LEAD_PANEL,
    });
    await org.api.ok('PUT', `/v1/legacy/connections/${legacy.id}/panels/Contact`, {
      fields: CONTACT_PANEL,
    });
    // The org moves its CRM; the admin connects the new Salesforce and sets its defaults.
    await t.staff.ok('POST', `/v1/migrations/${org.orgId}/crm/switch`, {});
    const { id } = await connectSalesforce(org.api, t.sandbox.url);
    const before = await mapping(org.api, id, 'Lead');
    const path = `/v1/connections/${id}/legacy-mapping-draft`;

    const imported = await org.api.request<Draft>('POST', path, {});
    expect(imported.status).toBe(201);
    const draft = imported.body;
    expect(imported.headers.get('etag')).toBe(draft.etag);
    expect(draft).toMatchObject({
      connectionId: id,
      legacyConnectionId: legacy.id,
      appliedAt: null,
      skipped: [],
    });
    expect(draft.objects.map((object) => [object.object, object.legacyObject])).toEqual([
      ['Lead', 'Lead'],
      ['Contact', 'Contact'],
    ]);
    const lead = draft.objects[0];
    const status = (status: DraftRow['status']) =>
      lead.rows
        .filter((candidate) => candidate.status === status)
        .map((candidate) => candidate.target)
        .sort();
    expect(status('unchanged')).toEqual(['Company', 'Email', 'FirstName', 'LastName', 'Title']);
    expect(status('changed')).toEqual(['AnnualRevenue', 'Description', 'LeadSource']);
    expect(status('added')).toEqual(['Badge_Notes__c', 'Fax']);
    const description = row(draft, 'Lead', 'Description');
    expect(description).toMatchObject({
      source: 'linkedinUrl',
      legacyField: 'linkedin_url',
      changes: ['source'],
      current: { source: 'notes', target: 'Description' },
      problems: [],
    });
    expect(row(draft, 'Lead', 'LeadSource')).toMatchObject({
      changes: ['behaviour'],
      current: { behaviour: 'write_if_blank' },
    });
    // Each row carries the flags a mapping row would show against the remote schema.
    expect(row(draft, 'Lead', 'Badge_Notes__c').problems).toEqual([
      expect.objectContaining({ code: 'MISSING_REMOTE_FIELD', field: 'Badge_Notes__c' }),
    ]);
    expect(row(draft, 'Lead', 'AnnualRevenue').problems).toEqual([
      expect.objectContaining({ code: 'TYPE_MISMATCH', field: 'AnnualRevenue' }),
    ]);
    const drafted = new Set(Object.keys(LEAD_PANEL));
    expect(lead.notInDraft.map((live) => live.target).sort()).toEqual(
      before
        .map((live) => live.target)
        .filter((target) => !drafted.has(target))
        .sort(),
    );
    expect(draft.objects[1].rows.map((candidate) => candidate.status)).toEqual(['added', 'added']);
    expect(draft.summary).toEqual({
      added: 4,
      changed: 3,
      unchanged: 5,
      notInDraft: lead.notInDraft.length,
      withProblems: 2,
    });

    // Nothing is applied: the live mapping is as it was, and leads sync with its rows.
    expect(await mapping(org.api, id, 'Lead')).toEqual(before);
    expect(await mapping(org.api, id, 'Contact')).toEqual([]);
    const first = await synced(org.api, org.eventId, id, 'first@draft.example');
    expect(first?.Description).toBe('Met at the booth');
    expect(await org.api.ok<Draft>('GET', path)).toEqual(draft);

    // An apply must say which review it is based on.
    const blind = await org.api.request<Problem>('POST', `${path}/apply`, {});
    expect(blind.status).toBe(428);
    expect(blind.contentType).toContain('application/problem+json');
    const garbled = await org.api.request<Problem>(
      'POST',
      `${path}/apply`,
      {},
      {
        'if-match': 'yesterday',
      },
    );
    expect(garbled.status).toBe(422);
    expect(garbled.body.errors).toEqual([
      { field: 'If-Match', message: 'must be the ETag of the draft as read' },
    ]);

    // A live row changes after the review: applying that review is refused, nothing changes.
    const rating = before.find((live) => live.target === 'Rating') as LiveRow;
    await org.api.ok('PATCH', `/v1/connections/${id}/mappings/Lead/rows/${rating.id}`, {
      valueMap: { Hot: 'Hot' },
      version: rating.version,
    });
    const stale = await org.api.request<Problem>(
      'POST',
      `${path}/apply`,
      {},
      {
        'if-match': draft.etag,
      },
    );
    expect(stale.status).toBe(409);
    expect(stale.contentType).toContain('application/problem+json');
    const reviewed = await org.api.request<Draft>('GET', path);
    expect(stale.body.etag).toBe(reviewed.body.etag);
    expect(reviewed.body.etag).not.toBe(draft.etag);
    expect(reviewed.headers.get('etag')).toBe(reviewed.body.etag);
    const unchanged = await mapping(org.api, id, 'Lead');
    expect(unchanged.find((live) => live.target === 'Description')?.source).toBe('notes');
    expect(unchanged.map((live) => live.target)).toEqual(before.map((live) => live.target));

    // Chosen rows only, named by object and remote field.
    const unknown = await org.api.request<Problem>('POST', `${path}/apply`, {
      etag: reviewed.body.etag,
      rows: [
        { object: 'Lead', target: 'Description' },
        { object: 'Lead', target: 'Status' },
      ],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([
      { field: 'rows[1]', message: 'the draft has no row Lead.Status' },
    ]);
    const missing = await org.api.request<Problem>('POST', `${path}/apply`, {
      etag: reviewed.body.etag,
      rows: [{ object: 'Lead', target: 'Badge_Notes__c' }],
    });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([
      { field: 'rows[0]', message: 'Lead has no field Badge_Notes__c' },
    ]);
    const chosen = await org.api.request<Applied>(
      'POST',
      `${path}/apply`,
      { rows: [{ object: 'Lead', target: 'Description' }] },
      { 'if-match': reviewed.body.etag },
    );
    expect(chosen.status).toBe(200);
    expect(chosen.body.applied).toEqual([
      expect.objectContaining({ target: 'Description', source: 'linkedinUrl' }),
    ]);
    expect(row(chosen.body.draft, 'Lead', 'Description').status).toBe('unchanged');
    expect(row(chosen.body.draft, 'Lead', 'Fax').status).toBe('added');
    expect(chosen.body.draft.appliedAt).not.toBeNull();
    const live = await mapping(org.api, id, 'Lead');
    expect(live.find((candidate) => candidate.target === 'Description')?.source).toBe(
      'linkedinUrl',
    );
    expect(live.some((candidate) => candidate.target === 'Fax')).toBe(false);
    const second = await synced(org.api, org.eventId, id, 'second@draft.example');
    expect(second?.Description).toBe('https://www.linkedin.com/in/ada');

    // The review the chosen apply was based on is now stale too.
    const again = await org.api.request<Problem>('POST', `${path}/apply`, {
      etag: reviewed.body.etag,
    });
    expect(again.status).toBe(409);

    // Everything else: the row whose remote field does not exist is left out, and said so.
    const all = await org.api.request<Applied>('POST', `${path}/apply`, {
      etag: chosen.body.draft.etag,
    });
    expect(all.status).toBe(200);
    expect(all.body.applied.map((applied) => applied.target).sort()).toEqual([
      'AnnualRevenue',
      'Email',
      'Fax',
      'LastName',
      'LeadSource',
    ]);
    expect(all.body.skipped).toEqual([
      {
        legacyObject: 'Lead',
        target: 'Badge_Notes__c',
        reason: 'Lead has no field Badge_Notes__c',
      },
    ]);
    expect(all.body.draft.summary).toMatchObject({ added: 1, changed: 0, unchanged: 11 });
    const after = await mapping(org.api, id, 'Lead');
    expect(after.find((candidate) => candidate.target === 'Fax')?.source).toBe('phone');
    expect(after.find((candidate) => candidate.target === 'LeadSource')?.behaviour).toBe(
      'overwrite',
    );
    // Rows the draft did not have stay.
    expect(after.some((candidate) => candidate.target === 'Rating')).toBe(true);
    expect((await mapping(org.api, id, 'Contact')).map((contact) => contact.target)).toEqual([
      'Email',
      'LastName',
    ]);

    // Discarding drops the draft, not the mapping.
    expect((await org.api.request('DELETE', path)).status).toBe(204);
    expect((await org.api.request<Problem>('GET', path)).status).toBe(404);
    expect((await org.api.request<Problem>('DELETE', path)).status).toBe(404);
    expect(await mapping(org.api, id, 'Lead')).toEqual(after);
  });

  it('maps HubSpot contacts onto contacts and refuses what cannot be imported', async () => {
    const org = await legacyOrg('Draft HubSpot');
    const noLegacy = await connectHubSpot(org.api, t.sandbox.url);
    const none = await org.api.request<Problem>(
      'POST',
      `/v1/connections/${noLegacy.id}/legacy-mapping-draft`,
      {},
    );
    expect(none.status).toBe(422);
    expect(none.contentType).toContain('application/problem+json');
    expect(none.body.errors).toEqual([
      { field: 'legacyConnectionId', message: 'the org has no legacy hubspot connection' },
    ]);

    const legacy = await org.api.ok<ConnectionDto>('POST', '/v1/legacy/connections', {
      vendor: 'hubspot',
      credentials: { privateAppToken: t.sandbox.hubspot.privateAppToken() },
      settings: { baseUrl: t.sandbox.url },
    });
    const empty = await org.api.request<Problem>(
      'POST',
      `/v1/connections/${noLegacy.id}/legacy-mapping-draft`,
      {},
    );
    expect(empty.status).toBe(422);
    expect(empty.body.errors?.[0]).toEqual({
      field: 'legacyConnectionId',
      message: 'the legacy connection has no mapping panel to import',
    });

    await org.api.ok('PUT', `/v1/legacy/connections/${legacy.id}/panels/contacts`, {
      fields: { email: 'email', lastname: 'last_name', jobtitle: 'job_title' },
    });
    const before = await mapping(org.api, noLegacy.id, 'contacts');
    const draft = await org.api.ok<Draft>(
      'POST',
      `/v1/connections/${noLegacy.id}/legacy-mapping-draft`,
      { legacyConnectionId: legacy.id },
    );
    expect(draft.objects.map((object) => object.object)).toEqual(['contacts']);
    expect(draft.objects[0].rows.map((candidate) => [candidate.target, candidate.source])).toEqual([
      ['email', 'email'],
      ['jobtitle', 'jobTitle'],
      ['lastname', 'lastName'],
    ]);
    expect(draft.objects[0].rows.every((candidate) => candidate.problems.length === 0)).toBe(true);
    expect(await mapping(org.api, noLegacy.id, 'contacts')).toEqual(before);

    // Into a legacy connection, from a connection that is not legacy, or bodies that are wrong.
    const intoLegacy = await org.api.request<Problem>(
      'POST',
      `/v1/connections/${legacy.id}/legacy-mapping-draft`,
      {},
    );
    expect(intoLegacy.status).toBe(422);
    expect(intoLegacy.body.errors?.[0].field).toBe('connectionId');
    const notLegacy = await org.api.request<Problem>(
      'POST',
      `/v1/connections/${noLegacy.id}/legacy-mapping-draft`,
      { legacyConnectionId: noLegacy.id },
    );
    expect(notLegacy.status).toBe(422);
    expect(notLegacy.body.errors).toEqual([
      { field: 'legacyConnectionId', message: 'no legacy connection of the org has this id' },
    ]);
    const notUuid = await org.api.request<Problem>(
      'POST',
      `/v1/connections/${noLegacy.id}/legacy-mapping-draft`,
      { legacyConnectionId: 'hubspot' },
    );
    expect(notUuid.status).toBe(422);
    expect(notUuid.body.errors?.[0].field).toBe('legacyConnectionId');
    const badRows = await org.api.request<Problem>(
      'POST',
      `/v1/connections/${noLegacy.id}/legacy-mapping-draft/apply`,
      { etag: draft.etag, rows: [{ object: 'contacts' }] },
    );
    expect(badRows.status).toBe(422);
    expect(badRows.body.errors?.[0].field).toBe('rows.0.target');
    // A legacy Salesforce connection is not a source for HubSpot.
    const salesforce = await org.api.ok<ConnectionDto>('POST', '/v1/legacy/connections', {
      vendor: 'salesforce',
      credentials: t.sandbox.salesforce.userCredentials(),
      settings: { loginUrl: t.sandbox.url },
    });
    const otherVendor = await org.api.request<Problem>(
      'POST',
      `/v1/connections/${noLegacy.id}/legacy-mapping-draft`,
      { legacyConnectionId: salesforce.id },
    );
    expect(otherVendor.status).toBe(422);
    expect(otherVendor.body.errors?.[0]).toEqual({
      field: 'legacyConnectionId',
      message: 'is a legacy-salesforce connection, not a legacy hubspot one',
    });
    // Still the draft it was.
    expect(
      (await org.api.ok<Draft>('GET', `/v1/connections/${noLegacy.id}/legacy-mapping-draft`)).id,
    ).toBe(draft.id);
  });
});
