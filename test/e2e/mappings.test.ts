import { Client } from 'pg';
import {
  connectHubSpot,
  connectMarketo,
  setUpSalesforceOrg,
  waitFor,
  type ApiClient,
  type SalesforceOrg,
} from '@app/demo';
import type { RemoteField } from '@libs/connector-sdk';
import type { LeadDto } from '@libs/intake';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
  current?: Row;
}

interface Row {
  id: string;
  source: string | null;
  constant: string | null;
  template: string | null;
  target: string;
  behaviour: string;
  version: number;
  defaultsVersion: string | null;
}

interface CheckedRow extends Row {
  problems: { code: string; category: string; field: string }[];
}

interface ObjectMapping {
  object: string;
  defaults: { applied: string | null; current: string | null };
  problems: { code: string; field: string }[];
  rows: CheckedRow[];
}

interface Drift {
  applied: string | null;
  current: string;
  changes: { kind: string; target: string; customised: boolean; row: Row | null }[];
}

function mappingPath(connectionId: string, object: string, rest = ''): string {
  return `/v1/connections/${connectionId}/mappings/${object}${rest}`;
}

async function mapping(api: ApiClient, connectionId: string, object: string) {
  return api.ok<ObjectMapping>('GET', mappingPath(connectionId, object));
}

async function rowFor(org: SalesforceOrg, target: string): Promise<CheckedRow> {
  const rows = (await mapping(org.api, org.connectionId, 'Lead')).rows;
  const row = rows.find((candidate) => candidate.target === target);
  if (!row) throw new Error(`no row for ${target}`);

  return row;
}

/** A request with extra headers (If-Match), answering the ETag too. */
async function send<T>(
  api: ApiClient,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; body: T; etag: string | null; contentType: string }> {
  const response = await api.request<T>(method, path, body, headers);

  return { ...response, etag: response.headers.get('etag') };
}

describe('Mapping API', () => {
  let t: TestPlatform;

  beforeAll(async () => {
    t = await startTestPlatform();
  });

  afterAll(async () => {
    await t?.close();
  });

  beforeEach(() => {
    t.sandbox.salesforce.reset();
    t.sandbox.hubspot.reset();
  });

  it('lists the Mobly fields a row can read, with their types', async () => {
    const org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
    const fields = await org.api.ok<{ path: string; type: string }[]>('GET', '/v1/mobly-fields');

    expect(fields).toEqual(
      expect.arrayContaining([
        { path: 'email', label: 'Email', type: 'email' },
        { path: 'phone', label: 'Phone (captured)', type: 'phone' },
        { path: 'company.website', label: 'Company website', type: 'url' },
        { path: 'employees', label: 'Employees', type: 'number' },
        { path: 'rating', label: 'Rating', type: 'picklist' },
      ]),
    );
  });

  it('describes the mapping endpoints in the OpenAPI document', async () => {
    const document = await t.api.ok<{ paths: Record<string, unknown> }>('GET', '/docs-json');

    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/mobly-fields',
        '/v1/connections/{connectionId}/mappings/{object}',
        '/v1/connections/{connectionId}/mappings/{object}/rows',
        '/v1/connections/{connectionId}/mappings/{object}/rows/{rowId}',
        '/v1/connections/{connectionId}/mappings/{object}/drift',
        '/v1/connections/{connectionId}/mappings/{object}/upgrade',
      ]),
    );
  });

  it('Set Defaults maps only fields of the live schema, for each connector', async () => {
    t.sandbox.salesforce.deleteField('Lead', 'Rating');
    const org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
    const hubspot = await connectHubSpot(org.api, t.sandbox.url);
    const marketo = await connectMarketo(org.api, t.sandbox.url);
    const connections = [
      { id: org.connectionId, object: 'Lead' },
      { id: hubspot.id, object: 'contacts' },
      { id: marketo.id, object: 'leads' },
    ];

    for (const { id, object } of connections) {
      const defaults = await org.api.ok<{ rows: Row[]; skipped: { target: string }[] }>(
        'POST',
        mappingPath(id, object, '/defaults'),
      );
      const schema = await org.api.ok<RemoteField[]>(
        'POST',
        `/v1/connections/${id}/schema/${object}/refresh`,
      );
      const writable = new Set(schema.filter((f) => !f.readOnly).map((f) => f.name));
      const listed = await mapping(org.api, id, object);

      expect(defaults.rows.length).toBeGreaterThan(5);
      expect(defaults.rows.filter((row) => !writable.has(row.target))).toEqual([]);
      expect(listed.rows.filter((row) => row.problems.length > 0)).toEqual([]);
      expect(listed.defaults.applied).toBe(listed.defaults.current);
    }
    const salesforce = await org.api.ok<{ skipped: { target: string; reason: string }[] }>(
      'POST',
      mappingPath(org.connectionId, 'Lead', '/defaults'),
    );
    expect(salesforce.skipped).toEqual([
      { source: 'rating', target: 'Rating', reason: 'remote field does not exist' },
    ]);
  });

  it('saves one row per request and refuses exactly one of two concurrent edits', async () => {
    const org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
    const path = mappingPath(org.connectionId, 'Lead', '/rows');
    const created = await send<Row>(org.api, 'POST', path, {}, { target: 'Fax', source: 'phone' });

    expect(created.status).toBe(201);
    expect(created.etag).toBe('"1"');
    const edits = await Promise.all(
      [{ source: 'mobilePhone' }, { template: 'Desk {{phone}}' }].map((body) =>
        send<Row & Problem>(
          org.api,
          'PATCH',
          `${path}/${created.body.id}`,
          { 'if-match': '"1"' },
          body,
        ),
      ),
    );

    expect(edits.map((edit) => edit.status).sort()).toEqual([200, 409]);
    const won = edits.find((edit) => edit.status === 200);
    const lost = edits.find((edit) => edit.status === 409);
    expect(won?.etag).toBe('"2"');
    expect(lost?.contentType).toContain('application/problem+json');
    expect(lost?.body.current).toEqual(
      expect.objectContaining({ id: created.body.id, version: 2, target: 'Fax' }),
    );
    expect(lost?.body.current?.source ?? lost?.body.current?.template).toBe(
      won?.body.source ?? won?.body.template,
    );

    const read = await send<Row>(org.api, 'GET', `${path}/${created.body.id}`, {});
    expect(read.etag).toBe('"2"');

    const stale = await send<Problem>(
      org.api,
      'DELETE',
      `${path}/${created.body.id}?version=1`,
      {},
    );
    const unversioned = await send<Problem>(
      org.api,
      'PATCH',
      `${path}/${created.body.id}`,
      {},
      {
        behaviour: 'write_if_blank',
      },
    );
    const bodyVersion = await send<Row>(
      org.api,
      'PATCH',
      `${path}/${created.body.id}`,
      {},
      {
        behaviour: 'write_if_blank',
        version: 2,
      },
    );
    const removed = await send(org.api, 'DELETE', `${path}/${created.body.id}`, {
      'if-match': '"3"',
    });

    expect(stale.status).toBe(409);
    expect(unversioned.status).toBe(428);
    expect(bodyVersion.body).toMatchObject({ behaviour: 'write_if_blank', version: 3 });
    expect(removed.status).toBe(204);
    expect(
      (await mapping(org.api, org.connectionId, 'Lead')).rows.map((r) => r.target),
    ).not.toContain('Fax');
  });

  it('names each invalid field of a row in problem+json', async () => {
    const org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
    const path = mappingPath(org.connectionId, 'Lead', '/rows');
    const post = (body: unknown) => org.api.request<Problem>('POST', path, body);

    const unknownSource = await post({ target: 'Fax', source: 'shoeSize' });
    const twoKinds = await post({ target: 'Fax', source: 'phone', constant: 'x' });
    const badTemplate = await post({ target: 'Fax', template: '{{shoeSize}}' });
    const noSuchTarget = await post({ target: 'Nope__c', source: 'phone' });
    const badMap = await post({ target: 'Fax', source: 'phone', valueMap: { a: 1 } });
    const taken = await post({ target: 'Title', source: 'notes' });

    expect(unknownSource.status).toBe(422);
    expect(unknownSource.body.errors?.map((e) => e.field)).toEqual(['source']);
    expect(twoKinds.body.errors?.map((e) => e.field)).toEqual(['source', 'constant']);
    expect(badTemplate.body.errors).toEqual([
      { field: 'template', message: '{{shoeSize}} is not a Mobly lead field' },
    ]);
    expect(noSuchTarget.body.errors).toEqual([
      { field: 'target', message: 'Lead has no field Nope__c' },
    ]);
    expect(badMap.body.errors?.map((e) => e.field)).toEqual(['valueMap']);
    const targets = (await mapping(org.api, org.connectionId, 'Lead')).rows.map((r) => r.target);
    expect(targets).not.toContain('Nope__c');
    expect(taken.status).toBe(409);
    expect(taken.body.current).toMatchObject({ target: 'Title', source: 'jobTitle' });
  });

  it('clears an object and flags the required fields left unmapped', async () => {
    const org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
    const cleared = await org.api.ok<{ removed: number }>(
      'DELETE',
      mappingPath(org.connectionId, 'Lead'),
    );
    const listed = await mapping(org.api, org.connectionId, 'Lead');

    expect(cleared.removed).toBeGreaterThan(10);
    expect(listed.rows).toEqual([]);
    expect(listed.defaults.applied).toBeNull();
    expect(listed.problems.map((p) => [p.code, p.field]).sort()).toEqual([
      ['REQUIRED_FIELD_UNMAPPED', 'Company'],
      ['REQUIRED_FIELD_UNMAPPED', 'LastName'],
    ]);
  });

  it('flags a row whose field was deleted and fails its leads before any vendor write', async () => {
    const org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
    t.sandbox.salesforce.deleteField('Lead', 'Title');
    await org.api.ok('POST', `/v1/connections/${org.connectionId}/schema/Lead/refresh`);

    const cached = await org.api.ok<{ fields: RemoteField[]; fetchedAt: string }>(
      'GET',
      `/v1/connections/${org.connectionId}/schema/Lead`,
    );
    expect(cached.fields.map((field) => field.name)).not.toContain('Title');
    expect((await rowFor(org, 'Title')).problems).toEqual([
      expect.objectContaining({ code: 'MISSING_REMOTE_FIELD', field: 'Title' }),
    ]);
    t.sandbox.salesforce.clearJournal();
    const titled = await org.api.ok<LeadDto>('POST', '/v1/leads', {
      eventId: org.eventId,
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      jobTitle: 'Countess',
      company: { name: 'Analytical Engines' },
      isEnriched: true,
    });
    const failed = await waitFor(async () => {
      const lead = await org.api.ok<LeadDto>('GET', `/v1/leads/${titled.id}`);

      return lead.sync[0].state === 'failed' ? lead : undefined;
    }, 'the lead to fail');

    expect(failed.sync[0]).toMatchObject({
      errorCategory: 'MISSING_REMOTE_FIELD',
      errorField: 'Title',
    });
    expect(t.sandbox.salesforce.journal()).toEqual([]);
    expect(t.sandbox.salesforce.records('Lead')).toEqual([]);

    const untitled = await org.api.ok<LeadDto>('POST', '/v1/leads', {
      eventId: org.eventId,
      lastName: 'Hopper',
      email: 'grace@example.com',
      company: { name: 'Navy' },
      isEnriched: true,
    });
    await waitFor(async () => {
      const lead = await org.api.ok<LeadDto>('GET', `/v1/leads/${untitled.id}`);

      return lead.sync[0].state === 'cleared' ? lead : undefined;
    }, 'the lead without a title to clear');
  });

  it('fails a HubSpot lead before any call once a mapped property is deleted', async () => {
    const org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
    const hubspot = await connectHubSpot(org.api, t.sandbox.url);
    t.sandbox.hubspot.deleteProperty('contacts', 'jobtitle');
    await org.api.ok('POST', `/v1/connections/${hubspot.id}/schema/contacts/refresh`);
    t.sandbox.hubspot.clearJournal();

    const lead = await org.api.ok<LeadDto>('POST', '/v1/leads', {
      eventId: org.eventId,
      lastName: 'Lovelace',
      email: 'ada@example.com',
      jobTitle: 'Countess',
      isEnriched: true,
    });
    const failed = await waitFor(async () => {
      const current = await org.api.ok<LeadDto>('GET', `/v1/leads/${lead.id}`);
      const sync = current.sync.find((record) => record.integration === 'hubspot');

      return sync?.state === 'failed' ? sync : undefined;
    }, 'the HubSpot sync to fail');

    expect(failed).toMatchObject({ errorCategory: 'MISSING_REMOTE_FIELD', errorField: 'jobtitle' });
    expect(t.sandbox.hubspot.journal()).toEqual([]);
    expect(t.sandbox.hubspot.records('contacts')).toEqual([]);
  });

  it('writes transformed values: template, value map, truncation and E.164', async () => {
    const org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
    const path = mappingPath(org.connectionId, 'Lead', '/rows');
    const description = await rowFor(org, 'Description');
    const rating = await rowFor(org, 'Rating');
    const phone = await rowFor(org, 'Phone');
    const patch = (row: Row, body: Record<string, unknown>) =>
      org.api.ok('PATCH', `${path}/${row.id}`, { ...body, version: row.version });
    await patch(description, { template: '{{firstName}} {{lastName}} of {{company.name}}' });
    await patch(rating, { valueMap: { Scorching: 'Hot' } });
    await patch(phone, { format: 'e164' });
    await org.api.ok('POST', path, { target: 'Fax', source: 'notes', truncate: true });

    await org.api.ok('POST', '/v1/leads', {
      eventId: org.eventId,
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone: '(850) 644-4200',
      rating: 'Scorching',
      notes: 'n'.repeat(100),
      company: { name: 'Analytical Engines' },
      address: { country: 'USA' },
      isEnriched: true,
    });
    const [written] = await waitFor(async () => {
      const records = t.sandbox.salesforce.records('Lead');

      return records.length > 0 ? records : undefined;
    }, 'the lead to reach Salesforce');

    expect(written).toMatchObject({
      Description: 'Ada Lovelace of Analytical Engines',
      Rating: 'Hot',
      Phone: '+18506444200',
      Fax: 'n'.repeat(40),
    });
  });

  it('reports drift from the current recommendations and applies a reviewed upgrade', async () => {
    const org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
    const drift = () => org.api.ok<Drift>('GET', mappingPath(org.connectionId, 'Lead', '/drift'));
    const fresh = await drift();
    expect(fresh).toMatchObject({ applied: fresh.current, changes: [] });

    // The connection as an older release of the connector set it up: Title came from the notes,
    // Fax from the phone, and MobilePhone was not recommended yet.
    const rows = `${mappingPath(org.connectionId, 'Lead')}/rows`;
    const title = await rowFor(org, 'Title');
    const mobile = await rowFor(org, 'MobilePhone');
    await org.api.ok('PATCH', `${rows}/${title.id}`, { source: 'notes', version: title.version });
    await org.api.ok('DELETE', `${rows}/${mobile.id}?version=${mobile.version}`);
    await org.api.ok('POST', rows, { target: 'Fax', source: 'phone' });
    const database = new Client({ connectionString: t.database.url });
    await database.connect();
    try {
      await database.query(
        `UPDATE mapping_defaults
            SET version = '2024-12-1',
                rows = (SELECT jsonb_agg(CASE WHEN r->>'target' = 'Title'
                                              THEN jsonb_set(r, '{source}', '"notes"') ELSE r END)
                          FROM jsonb_array_elements(rows) r
                         WHERE r->>'target' <> 'MobilePhone')
                       || '[{"source":"phone","target":"Fax","behaviour":"overwrite"}]'::jsonb
          WHERE connection_id = $1`,
        [org.connectionId],
      );
    } finally {
      await database.end();
    }

    const report = await drift();
    expect(report.applied).toBe('2024-12-1');
    expect(report.changes.map((change) => [change.kind, change.target, change.customised])).toEqual(
      [
        ['removed', 'Fax', false],
        ['added', 'MobilePhone', false],
        ['changed', 'Title', false],
      ],
    );

    const upgrade = (body: unknown) =>
      org.api.request<{ applied: string[]; report: Drift } & Problem>(
        'POST',
        mappingPath(org.connectionId, 'Lead', '/upgrade'),
        body,
      );
    expect((await upgrade({ targets: ['Title'], version: '2023-01-1' })).status).toBe(409);
    expect((await upgrade({ targets: ['Website'] })).body.errors).toEqual([
      { field: 'targets[0]', message: 'no reported change for Website' },
    ]);
    const partial = await upgrade({ targets: ['Title', 'Fax'], version: report.current });

    expect(partial.status).toBe(200);
    expect(partial.body.applied).toEqual(['Title', 'Fax']);
    expect(partial.body.report).toMatchObject({ applied: '2024-12-1' });
    expect(partial.body.report.changes.map((change) => change.target)).toEqual(['MobilePhone']);
    expect(await rowFor(org, 'Title')).toMatchObject({ source: 'jobTitle' });
    await expect(rowFor(org, 'Fax')).rejects.toThrow('no row for Fax');

    const rest = await upgrade({ targets: ['MobilePhone'] });
    expect(rest.body.report).toEqual({
      object: 'Lead',
      applied: report.current,
      current: report.current,
      changes: [],
    });
    expect(await rowFor(org, 'MobilePhone')).toMatchObject({ source: 'mobilePhone' });
  });
});
