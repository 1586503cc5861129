import { setUpSalesforceOrg, type SalesforceOrg } from '@app/demo';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

describe('REST API', () => {
  let t: TestPlatform;
  let org: SalesforceOrg;

  beforeAll(async () => {
    t = await startTestPlatform({
      env: {
        CONNECTOR_PLUGINS:
          './test/fixtures/plugins/broken-definition, ./test/fixtures/plugins/not-there',
      },
    });
    org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('reports database and queue health', async () => {
    const health = await t.api.request<{ status: string; checks: Record<string, unknown> }>(
      'GET',
      '/health',
    );

    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'up',
      checks: { database: { status: 'up' }, queue: { status: 'up', backend: 'redis' } },
    });
  });

  it('serves the OpenAPI description at /docs', async () => {
    const response = await fetch(`${t.api.baseUrl}/docs-json`);
    const document = (await response.json()) as { paths: Record<string, unknown> };

    expect(response.status).toBe(200);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/leads',
        '/v1/connections/{connectionId}/reconciliation/summary',
      ]),
    );
  });

  it('refuses org-scoped calls without a valid API key', async () => {
    const missing = await t.api.request<Problem>('GET', '/v1/events');
    const wrong = await t.api.withKey('mob_not-a-key').request<Problem>('GET', '/v1/events');

    expect(missing.status).toBe(401);
    expect(missing.contentType).toContain('application/problem+json');
    expect(wrong.status).toBe(401);
  });

  it('names every invalid field of a lead in problem+json and stores nothing', async () => {
    const response = await org.api.request<Problem>('POST', '/v1/leads', {
      eventId: org.eventId,
      email: 'not an email',
      employees: -3,
      company: { name: 42 },
      shoeSize: 44,
    });

    expect(response.status).toBe(422);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body.errors?.map((error) => error.field).sort()).toEqual([
      'company.name',
      'email',
      'employees',
      'shoeSize',
    ]);
    const leads = await org.api.ok<unknown[]>('GET', `/v1/events/${org.eventId}/leads`);
    expect(leads).toEqual([]);
  });

  it('refuses a CSV with a bad row whole, naming its line, and keeps what was stored', async () => {
    await org.api.importCsv(
      org.eventId,
      'first_name,last_name,email\nAda,Lovelace,ada@example.com\n',
    );
    const bad = new FormData();
    bad.append(
      'file',
      new Blob(['first_name,last_name,email\nAlan,Turing,alan@example.com\nGrace,Hopper,nope\n']),
      'leads.csv',
    );
    const response = await org.api.request<Problem>(
      'POST',
      `/v1/events/${org.eventId}/leads/import`,
      bad,
    );

    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      { field: 'lines[3].email', message: 'email must be a valid email address' },
    ]);
    const leads = await org.api.ok<{ email: string }[]>('GET', `/v1/events/${org.eventId}/leads`);
    expect(leads.map((lead) => lead.email)).toEqual(['ada@example.com']);
  });

  it('imports a large CSV whole: a lead repeated far apart is one lead with its last values', async () => {
    const event = await org.api.ok<{ id: string }>('POST', '/v1/events', { name: 'Big Expo' });
    const rows = Array.from(
      { length: 1_200 },
      (_, i) => `Big,Lead${i},big-${i}@example.com,Engineer`,
    );
    rows.push('Big,Lead1,BIG-1@example.com,CTO');
    const csv = ['first_name,last_name,email,job_title', ...rows].join('\n');

    const first = await org.api.importCsv(event.id, csv);
    const again = await org.api.importCsv(event.id, csv);

    expect(first).toEqual({ imported: 1_200, created: 1_200, updated: 0 });
    expect(again).toEqual({ imported: 1_200, created: 0, updated: 1_200 });
    const pages = await Promise.all(
      [0, 500, 1_000].map((offset) =>
        org.api.ok<{ email: string; jobTitle: string }[]>(
          'GET',
          `/v1/events/${event.id}/leads?limit=500&offset=${offset}`,
        ),
      ),
    );
    const leads = pages.flat();
    expect(leads).toHaveLength(1_200);
    expect(new Set(leads.map((lead) => lead.email)).size).toBe(1_200);
    expect(leads.find((lead) => lead.email === 'big-1@example.com')?.jobTitle).toBe('CTO');
    expect(leads.find((lead) => lead.email === 'big-1199@example.com')?.jobTitle).toBe('Engineer');
  });

  it('answers 201 for a new lead and 200 for an update to it (email case and spaces aside)', async () => {
    const lead = { eventId: org.eventId, email: 'Twice@Example.com', lastName: 'Twice' };
    const first = await org.api.request<{ id: string }>('POST', '/v1/leads', lead);
    const again = await org.api.request<{ id: string; lastName: string }>('POST', '/v1/leads', {
      ...lead,
      email: 'twice@example.com',
      lastName: 'Again',
    });

    const padded = await org.api.request<{ id: string; email: string }>('POST', '/v1/leads', {
      ...lead,
      email: '  twice@example.com \t',
    });

    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, lastName: 'Again' });
    expect(padded.status).toBe(200);
    expect(padded.body).toMatchObject({ id: first.body.id, email: 'twice@example.com' });
  });

  it("pages an event's leads in capture order, counting them all in X-Total-Count", async () => {
    const event = await org.api.ok<{ id: string }>('POST', '/v1/events', { name: 'Paged Expo' });
    for (const [i, name] of ['First', 'Second', 'Third'].entries()) {
      await org.api.ok('POST', '/v1/leads', {
        eventId: event.id,
        lastName: name,
        email: `paged-${i}@example.com`,
        capturedAt: `2026-11-02T09:0${i}:00Z`,
      });
    }

    const pages = await Promise.all(
      ['limit=2', 'limit=2&offset=2'].map((query) =>
        org.api.request<{ lastName: string }[]>('GET', `/v1/events/${event.id}/leads?${query}`),
      ),
    );

    expect(pages.map((page) => page.body.map((lead) => lead.lastName))).toEqual([
      ['First', 'Second'],
      ['Third'],
    ]);
    expect(pages.map((page) => page.headers.get('x-total-count'))).toEqual(['3', '3']);
  });

  it('refuses an empty externalId, naming it, instead of storing it', async () => {
    const lead = { eventId: org.eventId, email: 'blank-id@example.com', lastName: 'Blank' };
    const stored = await org.api.ok<{ id: string }>('POST', '/v1/leads', lead);

    const refused = await Promise.all(
      [0, 1].map(() =>
        org.api.request<Problem>('POST', '/v1/leads', { ...lead, externalId: '', lastName: 'X' }),
      ),
    );

    expect(refused.map((response) => response.status)).toEqual([422, 422]);
    expect(refused[0].body.errors).toEqual([
      {
        field: 'externalId',
        message: 'externalId must not be empty; leave it out to match the lead by email',
      },
    ]);
    expect(await org.api.ok('GET', `/v1/leads/${stored.id}`)).toMatchObject({
      lastName: 'Blank',
      externalId: null,
    });
  });

  it('refuses null for a field that always has a value, naming each, and keeps the lead', async () => {
    const lead = {
      eventId: org.eventId,
      email: 'nulls@example.com',
      lastName: 'Nulls',
      scanCount: 3,
      isEnriched: true,
    };
    const stored = await org.api.ok<{ id: string }>('POST', '/v1/leads', lead);

    const response = await org.api.request<Problem>('POST', '/v1/leads', {
      ...lead,
      lastName: 'Changed',
      capturedAt: null,
      scanCount: null,
      answers: null,
      isEnriched: null,
    });

    expect(response.status).toBe(422);
    expect(response.body.errors?.map((error) => error.field).sort()).toEqual([
      'answers',
      'capturedAt',
      'isEnriched',
      'scanCount',
    ]);
    const after = await org.api.ok<{ lastName: string; scanCount: number }>(
      'GET',
      `/v1/leads/${stored.id}`,
    );
    expect(after).toMatchObject({ lastName: 'Nulls', scanCount: 3 });
  });

  it('answers 404 problem+json for an event of another org', async () => {
    const other = await setUpSalesforceOrg(t.staff, t.sandbox.url, 'Other org');
    const response = await other.api.request<Problem>('POST', '/v1/leads', {
      eventId: org.eventId,
      email: 'x@example.com',
    });

    expect(response.status).toBe(404);
    expect(response.body.detail).toContain(org.eventId);
  });

  it("lists the catalogue by category with the org's connection status", async () => {
    const catalogue = await org.api.ok<{
      categories: { category: string; integrations: { id: string; status: string }[] }[];
      unavailable: { plugin: string; reason: string }[];
    }>('GET', '/v1/integrations');

    const crm = catalogue.categories.find((category) => category.category === 'crm');
    expect(crm?.integrations).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'salesforce', status: 'connected' })]),
    );
    expect(catalogue.categories.map((category) => category.category)).toEqual([
      'crm',
      'marketing_automation',
      'communication',
      'webhook',
    ]);
  });

  it('reports broken plugins with their reason and keeps serving the others', async () => {
    const catalogue = await org.api.ok<{ unavailable: { plugin: string; reason: string }[] }>(
      'GET',
      '/v1/integrations',
    );

    expect(catalogue.unavailable).toEqual([
      {
        plugin: './test/fixtures/plugins/not-there',
        reason: expect.stringContaining('cannot be loaded'),
      },
      {
        plugin: 'broken-crm',
        reason:
          'supports SDK ^9.0.0, but the host runs SDK 0.1.0; limits.maxBatchSize must be at least 1',
      },
    ]);
  });

  it('answers 415 for a body that is not JSON, naming what to send', async () => {
    const response = await fetch(`${t.api.baseUrl}/v1/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'name=Acme',
    });
    const body = (await response.json()) as Problem & { requestId?: string };

    expect(response.status).toBe(415);
    expect(body.detail).toContain('application/json');
    expect(body.requestId).toEqual(expect.any(String));
  });

  it('names a malformed id in the path, and bounds numbers, dates and text', async () => {
    const badId = await org.api.request<Problem>('GET', '/v1/leads/not-a-uuid');
    const bounds = await org.api.request<Problem>('POST', '/v1/leads', {
      eventId: org.eventId,
      employees: 99_999_999_999_999,
      capturedAt: '+099999-01-01T00:00:00Z',
      firstName: 'a\u0000b',
      answers: { 'Lead Type': { deep: true } },
    });
    const page = await org.api.request<Problem>('GET', `/v1/events/${org.eventId}/leads?offset=-1`);

    expect(badId.status).toBe(422);
    expect(badId.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    expect(bounds.status).toBe(422);
    expect(bounds.body.errors?.map((error) => error.field)).toEqual(['firstName']);
    const bounded = await org.api.request<Problem>('POST', '/v1/leads', {
      eventId: org.eventId,
      employees: 99_999_999_999_999,
      capturedAt: '+099999-01-01T00:00:00Z',
      answers: { 'Lead Type': { deep: true } },
    });
    expect(bounded.body.errors?.map((error) => error.field).sort()).toEqual([
      'answers.Lead Type',
      'capturedAt',
      'employees',
    ]);
    expect(page.status).toBe(422);
    expect(page.body.errors?.[0].field).toBe('offset');
  });

  it('asks for an ISO 8601 date-time where a lead date is not one, and stores nothing', async () => {
    const given = ['yesterday', 1_700_000_000_000, '11/02/2026', true];
    for (const capturedAt of given) {
      const response = await org.api.request<Problem>('POST', '/v1/leads', {
        eventId: org.eventId,
        email: 'dated@example.com',
        capturedAt,
      });

      expect(response.status).toBe(422);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.errors).toEqual([
        {
          field: 'capturedAt',
          message: 'capturedAt must be an ISO 8601 date-time, such as 2026-11-02T09:30:00Z',
        },
      ]);
    }
    const stored = await org.api.ok<{ email: string }[]>('GET', `/v1/events/${org.eventId}/leads`);
    expect(stored.map((lead) => lead.email)).not.toContain('dated@example.com');

    const dated = await org.api.ok<{ capturedAt: string }>('POST', '/v1/leads', {
      eventId: org.eventId,
      email: 'dated@example.com',
      capturedAt: '2026-11-02T10:30:00+01:00',
    });
    expect(dated.capturedAt).toBe('2026-11-02T09:30:00.000Z');

    const summary = `/v1/connections/${org.connectionId}/reconciliation/summary`;
    const vague = await org.api.request<Problem>('GET', `${summary}?from=yesterday`);
    expect(vague.status).toBe(422);
    expect(vague.body.errors).toEqual([
      {
        field: 'from',
        message: 'from must be an ISO 8601 date-time, such as 2026-11-02T09:30:00Z',
      },
    ]);
    expect((await org.api.request('GET', `${summary}?from=2026-11-01T00:00:00Z`)).status).toBe(200);
  });

  it('names the body when it is JSON but not an object, with the request id', async () => {
    for (const body of [null, 42, 'lead', []]) {
      const response = await org.api.request<Problem & { requestId?: string }>(
        'POST',
        '/v1/leads',
        body,
      );

      expect(response.status).toBe(422);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.errors).toEqual([{ field: 'body', message: 'must be a JSON object' }]);
      expect(response.body.requestId).toEqual(expect.any(String));
    }
    const before = await org.api.ok<unknown[]>('GET', '/v1/events');
    const event = await org.api.request<Problem>('POST', '/v1/events', null);
    expect(event.status).toBe(422);
    expect(event.body.errors).toEqual([{ field: 'body', message: 'must be a JSON object' }]);
    expect(await org.api.ok<unknown[]>('GET', '/v1/events')).toHaveLength(before.length);
  });

  it('answers malformed JSON with problem+json naming the body, with the request id', async () => {
    const response = await fetch(`${t.api.baseUrl}/v1/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-malformed-1' },
      body: '{"email": ',
    });
    const problem = (await response.json()) as Problem & { requestId?: string };

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(problem.errors?.map((error) => error.field)).toEqual(['body']);
    expect(problem.requestId).toBe('req-malformed-1');
  });

  it('refuses a body nested thousands of levels deep with 422, not a crash', async () => {
    let deep: unknown = 'leaf';
    for (let level = 0; level < 3000; level += 1) deep = { a: deep };
    const response = await org.api.request<Problem>('POST', '/v1/events', {
      name: 'Deep',
      extra: deep,
    });

    expect(response.status).toBe(422);
    expect(response.body.errors?.[0].message).toContain('nests deeper than');
    expect((await org.api.request('GET', '/v1/events')).status).toBe(200);
  });

  it('refuses to move a lead to another event by reusing its externalId', async () => {
    const other = await org.api.ok<{ id: string }>('POST', '/v1/events', { name: 'Other show' });
    await org.api.ok('POST', '/v1/leads', { eventId: org.eventId, externalId: 'badge-1' });
    const moved = await org.api.request<Problem>('POST', '/v1/leads', {
      eventId: other.id,
      externalId: 'badge-1',
    });

    expect(moved.status).toBe(409);
    expect(moved.body.errors).toEqual([
      { field: 'externalId', message: 'already used at another event' },
    ]);

    // In a CSV, the line that reuses it is named (a blank line counts) and nothing is stored.
    const rows = Array.from({ length: 700 }, (_, i) => `badge-csv-${i},Row${i}`);
    rows.splice(3, 0, ',');
    rows.push('badge-1,Moved');
    const form = new FormData();
    form.append('file', new Blob([['external_id,last_name', ...rows].join('\n')]), 'leads.csv');
    const imported = await org.api.request<Problem>(
      'POST',
      `/v1/events/${other.id}/leads/import`,
      form,
    );

    expect(imported.status).toBe(409);
    expect(imported.body.errors).toEqual([
      { field: 'lines[703].externalId', message: 'already used at another event' },
    ]);
    const stored = await org.api.ok<unknown[]>('GET', `/v1/events/${other.id}/leads`);
    expect(stored).toEqual([]);
  });

  it('refuses a connection whose URL setting is not an http(s) URL', async () => {
    const response = await org.api.request<Problem>('POST', '/v1/connections', {
      integration: 'salesforce',
      settings: { loginUrl: 'file:///etc/passwd' },
      credentials: { clientId: 'a', clientSecret: 'b', refreshToken: 'c' },
    });

    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      { field: 'settings.loginUrl', message: 'must be an http(s) URL' },
    ]);
  });

  it('never returns stored credentials', async () => {
    const connection = await org.api.ok<Record<string, unknown>>(
      'GET',
      `/v1/connections/${org.connectionId}`,
    );

    expect(connection).not.toHaveProperty('credentials');
    expect(JSON.stringify(connection)).not.toMatch(/refresh|secret|token/i);
  });
});
