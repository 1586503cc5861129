import { randomBytes, randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { SignJWT } from 'jose';
import { connectSlack, setUpSalesforceOrg, type SalesforceOrg } from '@app/demo';
import { SALESFORCE_CONNECTED_APP } from '@app/sandbox';
import { Connection } from '@libs/connections';
import { scopeToOrg } from '@libs/core';
import { Lead } from '@libs/leads';
import { MappingRow } from '@libs/mappings';
import { routerPaths, routeTable, type RouteEntry } from '../support/route-table';
import { salesforceRefreshToken } from '../support/vendor-grant';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

const JWT_SECRET = randomBytes(32).toString('base64url');
const AUDIENCE = 'mobly-integration-platform';

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

/** The routes reps may call: lead capture, the events they capture at, the questions they ask. */
const REP_ROUTES = [
  'GET /v1/events',
  'GET /v1/events/:eventId/leads',
  'GET /v1/events/:id',
  'GET /v1/leads/:id',
  'GET /v1/qualifiers',
  'GET /v1/qualifiers/:id',
  'POST /v1/events/:eventId/leads/import',
  'POST /v1/leads',
];

/** Ids owned by one org, by the resource name that precedes them in a path. */
interface OrgIds {
  orgId: string;
  orgs: string;
  'shadow-runs': string;
  connections: string;
  events: string;
  leads: string;
  'api-keys': string;
  actions: string;
  'notification-rules': string;
  'campaign-links': string;
  rows: string;
  qualifiers: string;
  /** A legacy connection, for the routes under `/v1/legacy/connections`. */
  legacyConnections: string;
  /** Staff routes name the org they act on. */
  migrations: string;
}

/** Reference data, the same for every org: no ids of an org in their paths. */
const isReference = (route: RouteEntry): boolean => route.path.startsWith('/v1/error-categories');

/** Staff endpoints name the org they act on; org credentials never reach them (403). */
const isStaff = (route: RouteEntry): boolean => route.roles.includes('staff');

describe('Authentication, roles and tenant isolation', () => {
  let t: TestPlatform;
  let routes: RouteEntry[];
  let a: SalesforceOrg;
  let b: SalesforceOrg;
  let aIds: OrgIds;
  let aRepKey: string;
  const secrets: string[] = [];

  async function call(
    method: string,
    path: string,
    credential?: string,
    body?: unknown,
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (credential) headers.authorization = `Bearer ${credential}`;
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(`${t.api.baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();

    return {
      status: response.status,
      headers: response.headers,
      body:
        text && /\bjson\b/.test(response.headers.get('content-type') ?? '')
          ? (JSON.parse(text) as unknown)
          : undefined,
      text,
    };
  }

  function keyOf(org: SalesforceOrg): string {
    return (org.api as unknown as { apiKey: string }).apiKey;
  }

  /** The route's path with each `:param` filled from `ids`; `:object` is a Salesforce object. */
  function fill(route: RouteEntry, ids: OrgIds): string {
    const segments = route.path.split('/');

    return segments
      .map((segment, index) => {
        if (!segment.startsWith(':')) return segment;
        if (segment === ':object') return 'Lead';
        if (segment === ':code') return 'AUTH_INVALID';
        if (segment === ':integration') return 'salesforce';
        if (segment === ':category') return 'crm';
        if (segment === ':qualifierId') return ids.qualifiers;
        const legacy = route.path.startsWith('/v1/legacy/connections/');
        const resource = segments[index - 1] as keyof OrgIds;
        const id = legacy && resource === 'connections' ? ids.legacyConnections : ids[resource];
        if (!id) throw new Error(`no id for ${segment} in ${route.path}: add one to the test`);

        return id;
      })
      .join('/');
  }

  /** A body that passes validation, so the answer is about access, not input. */
  function bodyFor(route: RouteEntry, ids: OrgIds): unknown {
    if (route.path.endsWith('/leads/import')) {
      const form = new FormData();
      form.append('file', new Blob(['first_name,last_name,email\nA,B,ab@example.com\n']), 'l.csv');

      return form;
    }
    const bodies: Record<string, unknown> = {
      'PUT /v1/connections/:connectionId/sync-mode': { mode: 'manual' },
      'POST /v1/connections/:connectionId/reauthorize': { credentials: {} },
      'POST /v1/connections/:connectionId/push': { leadIds: [ids.leads] },
      'POST /v1/leads': { eventId: ids.events, email: 'x@example.com' },
      'POST /v1/events': { name: 'Expo' },
      'POST /v1/connections': { integration: 'salesforce', credentials: {} },
      'POST /v1/api-keys': { role: 'rep' },
      'POST /v1/orgs': { name: 'Org' },
      'POST /v1/orgs/:orgId/shadow-runs': { category: 'crm' },
      'POST /v1/connections/:connectionId/reconciliation/retry': { category: 'UNKNOWN' },
      // Re-authorising another org's connection through OAuth.
      'POST /v1/connections/:integration/authorize': { connectionId: ids.connections },
      'POST /v1/notification-rules': { connectionId: ids.connections, period: 'hourly' },
      'PATCH /v1/campaign-links/:id': { enabled: false },
      'PATCH /v1/connections/:id': { settings: { matchingStrategy: 'leads_only' } },
      'POST /v1/connections/:connectionId/mappings/:object/rows': {
        target: 'Fax',
        source: 'phone',
      },
      'PATCH /v1/connections/:connectionId/mappings/:object/rows/:rowId': {
        behaviour: 'overwrite',
        version: 1,
      },
      'POST /v1/connections/:connectionId/mappings/:object/upgrade': { targets: [] },
      'POST /v1/qualifiers': { name: 'Lead Type', question: 'How hot?', values: ['Hot'] },
      'PUT /v1/connections/:connectionId/qualifier-mappings/:object/:qualifierId': {
        target: 'Description',
        mode: 'text',
      },
      'POST /v1/legacy/connections': { vendor: 'hubspot', credentials: {} },
      'PUT /v1/legacy/connections/:id/panels/:object': { fields: { LastName: 'last_name' } },
      'POST /v1/connections/:connectionId/legacy-mapping-draft/apply': { etag: '"0123abcd"' },
    };

    return bodies[`${route.method} ${route.path}`];
  }

  function token(claims: Record<string, unknown>, options: { secret?: string; exp?: string } = {}) {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice@acme.example')
      .setIssuedAt()
      .setExpirationTime(options.exp ?? '5m')
      .sign(new TextEncoder().encode(options.secret ?? JWT_SECRET));
  }

  beforeAll(async () => {
    t = await startTestPlatform({ env: { JWT_KEYS: `hs256:${JWT_SECRET}` } });
    routes = routeTable(t.platform.app);
    a = await setUpSalesforceOrg(t.staff, t.sandbox.url, 'Org A');
    b = await setUpSalesforceOrg(t.staff, t.sandbox.url, 'Org B');
    const lead = await a.api.ok<{ id: string }>('POST', '/v1/leads', {
      eventId: a.eventId,
      email: 'a-lead@example.com',
    });
    await b.api.ok('POST', '/v1/leads', { eventId: b.eventId, email: 'b-lead@example.com' });
    const rep = await a.api.ok<{ id: string; apiKey: string }>('POST', '/v1/api-keys', {
      role: 'rep',
      name: 'reps',
    });
    aRepKey = rep.apiKey;
    await b.api.ok('POST', '/v1/api-keys', { role: 'rep' });
    const slack = await connectSlack(a.api, t.sandbox.url, 'C07LEADS001');
    const rule = await a.api.ok<{ id: string }>('POST', '/v1/notification-rules', {
      connectionId: slack.id,
      period: 'daily',
    });
    const retry = await a.api.ok<{ id: string }>(
      'POST',
      `/v1/connections/${a.connectionId}/reconciliation/retry`,
      { category: 'UNKNOWN' },
    );
    const row = await a.api.ok<{ id: string }>(
      'POST',
      `/v1/connections/${a.connectionId}/mappings/Lead/rows`,
      { target: 'Fax', source: 'phone' },
    );
    const qualifier = await a.api.ok<{ id: string }>('POST', '/v1/qualifiers', {
      name: 'Lead Type',
      question: 'How hot is this lead?',
      values: ['Hot', 'Cold'],
    });
    const legacy = await a.api.ok<{ id: string }>('POST', '/v1/legacy/connections', {
      vendor: 'salesforce',
      credentials: t.sandbox.salesforce.userCredentials(),
      settings: { loginUrl: t.sandbox.url },
    });
    // A draft of the legacy mapping on the new connection, for the routes that review it.
    await a.api.ok('PUT', `/v1/legacy/connections/${legacy.id}/panels/Lead`, {
      fields: { LastName: 'last_name', Company: 'company_name' },
    });
    await a.api.ok('POST', `/v1/connections/${a.connectionId}/legacy-mapping-draft`, {});
    const campaignLink = await a.api.ok<{ id: string }>('POST', '/v1/campaign-links', {
      eventId: a.eventId,
      connectionId: a.connectionId,
      campaignId: t.sandbox.salesforce.createCampaign('Org A expo'),
    });
    aIds = {
      legacyConnections: legacy.id,
      orgId: a.orgId,
      orgs: a.orgId,
      // Staff routes only answer 401/403 here: test/e2e/shadow.test.ts covers their ids.
      'shadow-runs': randomUUID(),
      connections: a.connectionId,
      events: a.eventId,
      leads: lead.id,
      'api-keys': rep.id,
      actions: retry.id,
      'notification-rules': rule.id,
      'campaign-links': campaignLink.id,
      rows: row.id,
      migrations: a.orgId,
      qualifiers: qualifier.id,
    };
    const legacyUser = t.sandbox.salesforce.userCredentials();
    secrets.push(
      keyOf(a),
      keyOf(b),
      aRepKey,
      SALESFORCE_CONNECTED_APP.clientSecret,
      legacyUser.password,
      legacyUser.securityToken,
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  it('reads the route table from the registered controllers, and misses none', () => {
    expect(routes.map((route) => `${route.method} ${route.path}`).sort()).toEqual(
      routerPaths(t.platform.app),
    );
    expect(routes.filter((route) => route.isPublic).map((route) => route.path)).toEqual([
      '/health',
      '/v1/oauth/callback',
    ]);
  });

  it("answers 404 on every endpoint called with another org's ids", async () => {
    // Staff routes act on any org by design; they are refused to orgs (below).
    const withIds = routes.filter(
      (route) =>
        route.path.includes('/:') && !route.isPublic && !isReference(route) && !isStaff(route),
    );
    expect(withIds.length).toBeGreaterThanOrEqual(12);
    for (const route of routes.filter(isReference)) {
      expect((await call(route.method, fill(route, aIds), keyOf(b))).status).toBe(200);
    }

    const answers: string[] = [];
    for (const route of withIds) {
      const answer = await call(route.method, fill(route, aIds), keyOf(b), bodyFor(route, aIds));
      answers.push(`${route.method} ${route.path} → ${answer.status}`);
    }

    expect(answers).toEqual(withIds.map((route) => `${route.method} ${route.path} → 404`));
    // Nothing of org A changed: its connection still works, its rep key still authenticates.
    const connection = await a.api.ok<{ status: string; syncMode: string }>(
      'GET',
      `/v1/connections/${a.connectionId}`,
    );
    expect(connection).toMatchObject({ status: 'connected', syncMode: 'automatic' });
    expect((await call('GET', '/v1/events', aRepKey)).status).toBe(200);
  });

  it('finds the same ids for their own org (the 404s are about ownership)', async () => {
    const reads = routes.filter(
      (route) =>
        route.method === 'GET' && route.path.includes('/:') && !route.isPublic && !isStaff(route),
    );
    for (const route of reads) {
      const answer = await call('GET', fill(route, aIds), keyOf(a));
      expect(`${route.path} → ${answer.status}`).toBe(`${route.path} → 200`);
    }
  });

  it("lists only the caller's own records on routes without ids", async () => {
    const lists = routes.filter(
      (route) =>
        route.method === 'GET' &&
        !route.path.includes('/:') &&
        !route.isPublic &&
        !route.roles.includes('staff'),
    );
    expect(lists.map((route) => route.path)).toEqual(
      expect.arrayContaining(['/v1/audit-log', '/v1/connections', '/v1/events']),
    );
    const foreign = Object.values(aIds);
    for (const route of lists) {
      const answer = await call('GET', route.path, keyOf(b));
      expect(`${route.path} → ${answer.status}`).toBe(`${route.path} → 200`);
      for (const id of foreign) expect(`${route.path}: ${answer.text}`).not.toContain(id);
    }
    const own = await call('GET', '/v1/connections', keyOf(b));
    expect(own.text).toContain(b.connectionId);
  });

  it('refuses reps every configuration endpoint with 403', async () => {
    const forReps = routes.filter((route) => route.roles.includes('rep'));
    expect(forReps.map((route) => `${route.method} ${route.path}`).sort()).toEqual(REP_ROUTES);

    const configuration = routes.filter((route) => !route.isPublic && !route.roles.includes('rep'));
    for (const route of configuration) {
      const answer = await call(route.method, fill(route, aIds), aRepKey, bodyFor(route, aIds));
      expect(`${route.method} ${route.path} → ${answer.status}`).toBe(
        `${route.method} ${route.path} → 403`,
      );
    }
    expect((await call('GET', `/v1/events/${a.eventId}/leads`, aRepKey)).status).toBe(200);
  });

  it('keeps staff endpoints for staff, and org endpoints for orgs', async () => {
    const staffRoutes = routes.filter((route) => route.roles.includes('staff'));
    expect(staffRoutes.map((route) => `${route.method} ${route.path}`).sort()).toEqual([
      'DELETE /v1/migrations/:orgId/:category/schedule',
      'GET /metrics',
      'GET /v1/migrations',
      'GET /v1/migrations/:orgId',
      'GET /v1/orgs/:orgId/shadow-runs',
      'GET /v1/orgs/:orgId/shadow-runs/:runId',
      'GET /v1/orgs/:orgId/shadow-runs/:runId/report',
      'POST /v1/admin/queue-dashboard/logins',
      'POST /v1/migrations/:orgId/:category/rollback',
      'POST /v1/migrations/:orgId/:category/switch',
      'POST /v1/orgs',
      'POST /v1/orgs/:orgId/shadow-runs',
    ]);
    const adminToken = await token({ org_id: a.orgId, role: 'admin', aud: AUDIENCE });
    for (const route of staffRoutes) {
      for (const credential of [keyOf(a), aRepKey, adminToken]) {
        const answer = await call(
          route.method,
          fill(route, aIds),
          credential,
          bodyFor(route, aIds),
        );
        expect(answer.status).toBe(403);
      }
    }
    const staffToken = await token({ role: 'staff', aud: AUDIENCE });
    const created = await call('POST', '/v1/orgs', staffToken, { name: 'Onboarded by token' });
    expect(created.status).toBe(201);
    expect((await t.staff.request('GET', '/v1/connections')).status).toBe(403);
  });

  it('answers 401 with WWW-Authenticate without a valid credential', async () => {
    for (const route of routes.filter((entry) => !entry.isPublic)) {
      for (const credential of [undefined, 'mob_not-a-key', 'mobstaff_not-a-key']) {
        const answer = await call(
          route.method,
          fill(route, aIds),
          credential,
          bodyFor(route, aIds),
        );
        expect(`${route.method} ${route.path} → ${answer.status}`).toBe(
          `${route.method} ${route.path} → 401`,
        );
        expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(answer.headers.get('content-type')).toContain('application/problem+json');
      }
    }
    expect((await call('GET', '/health')).status).toBe(200);
  });

  it('accepts a valid JWT for its org and role, and refuses expired, forged or foreign ones', async () => {
    const claims = { org_id: a.orgId, role: 'admin', aud: AUDIENCE };
    const valid = await call('GET', '/v1/connections', await token(claims));
    expect(valid.status).toBe(200);
    expect(valid.text).toContain(a.connectionId);

    const rep = await token({ ...claims, role: 'rep' });
    expect((await call('GET', '/v1/connections', rep)).status).toBe(403);
    expect((await call('GET', `/v1/leads/${aIds.leads}`, rep)).status).toBe(200);

    const refused = {
      expired: await token(claims, { exp: '-1m' }),
      'bad signature': await token(claims, { secret: randomBytes(32).toString('base64url') }),
      'wrong audience': await token({ ...claims, aud: 'someone-else' }),
      'unknown role': await token({ ...claims, role: 'owner' }),
      'no org': await token({ role: 'admin', aud: AUDIENCE }),
    };
    for (const [why, jwt] of Object.entries(refused)) {
      const answer = await call('GET', '/v1/connections', jwt);
      expect(`${why} → ${answer.status}`).toBe(`${why} → 401`);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    const expired = await call('GET', '/v1/connections', refused.expired);
    expect((expired.body as { detail: string }).detail).toContain('expired');
  });

  it('issues keys with a role, lists them without the key, and revokes them', async () => {
    const created = await a.api.ok<{ id: string; apiKey: string; role: string }>(
      'POST',
      '/v1/api-keys',
      { role: 'admin', name: 'integration bot' },
    );
    secrets.push(created.apiKey);
    expect(created.apiKey).toMatch(/^mob_/);
    expect((await call('GET', '/v1/connections', created.apiKey)).status).toBe(200);

    const listed = await call('GET', '/v1/api-keys', keyOf(a));
    expect(listed.text).toContain(created.id);
    expect(listed.text).not.toContain(created.apiKey);
    expect(listed.text).not.toMatch(/keyHash|key_hash/);

    const revoked = await a.api.ok<{ revokedAt: string | null }>(
      'DELETE',
      `/v1/api-keys/${created.id}`,
    );
    expect(revoked.revokedAt).not.toBeNull();
    expect((await call('GET', '/v1/connections', created.apiKey)).status).toBe(401);

    const [firstAdmin] = (await call('GET', '/v1/api-keys', keyOf(b))).body as { id: string }[];
    const last = await call('DELETE', `/v1/api-keys/${firstAdmin.id}`, keyOf(b));
    expect(last.status).toBe(409);
    expect((await call('GET', '/v1/connections', keyOf(b))).status).toBe(200);
  });

  it('keeps one admin key when two admin keys are revoked at once', async () => {
    const c = await setUpSalesforceOrg(t.staff, t.sandbox.url, 'Org C');
    const second = await c.api.ok<{ id: string; apiKey: string }>('POST', '/v1/api-keys', {
      role: 'admin',
    });
    const keys = (await call('GET', '/v1/api-keys', keyOf(c))).body as { id: string }[];

    // An admin's token, which no revocation touches, revokes both keys at the same moment.
    const admin = await token({ org_id: c.orgId, role: 'admin', aud: AUDIENCE });
    const answers = await Promise.all(
      keys.map((key) => call('DELETE', `/v1/api-keys/${key.id}`, admin)),
    );

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const alive = [keyOf(c), second.apiKey].map((key) => call('GET', '/v1/connections', key));
    expect((await Promise.all(alive)).map((answer) => answer.status).sort()).toEqual([200, 401]);
  });

  it('records credential changes and staff actions in the audit log, without secrets', async () => {
    const refreshToken = await salesforceRefreshToken(t.sandbox.url, SALESFORCE_CONNECTED_APP);
    secrets.push(refreshToken);
    await a.api.ok('POST', `/v1/connections/${a.connectionId}/reauthorize`, {
      credentials: {
        clientId: SALESFORCE_CONNECTED_APP.clientId,
        clientSecret: SALESFORCE_CONNECTED_APP.clientSecret,
        refreshToken,
      },
    });
    await a.api.ok('DELETE', `/v1/connections/${a.connectionId}`);

    const log = await call('GET', '/v1/audit-log', keyOf(a));
    const entries = log.body as { actor: string; action: string; targetId: string; at: string }[];
    expect(entries.map((entry) => entry.action).reverse()).toEqual([
      'org.created',
      'api_key.created',
      'connection.created',
      'api_key.created',
      'connection.created',
      'connection.created',
      'api_key.created',
      'api_key.revoked',
      'connection.reauthorized',
      'connection.disconnected',
    ]);
    expect(entries.find((entry) => entry.action === 'org.created')?.actor).toMatch(/^staff_key:/);
    expect(entries.find((entry) => entry.action === 'connection.disconnected')).toMatchObject({
      actor: expect.stringMatching(/^api_key:/),
      targetId: a.connectionId,
    });
    for (const secret of secrets) expect(log.text).not.toContain(secret);
    expect(log.text).not.toMatch(/sealed|refreshToken|clientSecret/);

    const other = await call('GET', '/v1/audit-log', keyOf(b));
    expect(other.text).not.toContain(a.connectionId);
  });

  it("scopes the ORM to one org: another org's rows are invisible, an unscoped query fails", async () => {
    const em = t.platform.app.get(EntityManager).fork();
    await expect(em.findOne(Connection, { id: a.connectionId })).rejects.toThrow(
      "No arguments provided for filter 'org'",
    );

    scopeToOrg(em, b.orgId);
    expect(await em.findOne(Connection, { id: a.connectionId })).toBeNull();
    expect((await em.find(Lead, {})).map((lead) => lead.email)).toEqual(['b-lead@example.com']);
    const rows = await em.find(MappingRow, {}, { populate: ['connection'] });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.connection.id === b.connectionId)).toBe(true);
    expect(await em.nativeUpdate(Connection, { id: a.connectionId }, { account: 'x' })).toBe(0);
    expect(await em.nativeDelete(MappingRow, { connection: a.connectionId })).toBe(0);
  });

  it('sends rate-limit and security headers', async () => {
    const answer = await call('GET', '/v1/events', keyOf(b));

    expect(Number(answer.headers.get('ratelimit-limit'))).toBeGreaterThan(0);
    expect(answer.headers.get('ratelimit-remaining')).not.toBeNull();
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-powered-by')).toBeNull();
  });
});

describe('Rate limits', () => {
  let t: TestPlatform;

  beforeAll(async () => {
    t = await startTestPlatform({ env: { RATE_LIMIT_MAX: '4', RATE_LIMIT_WINDOW_MS: '60000' } });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('limits each caller on its own, answering 429 problem+json with Retry-After', async () => {
    const org = await t.staff.ok<{ apiKey: string }>('POST', '/v1/orgs', { name: 'Busy org' });
    const get = (key: string): Promise<Response> =>
      fetch(`${t.api.baseUrl}/v1/events`, { headers: { authorization: `Bearer ${key}` } });
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await get(org.apiKey);
      statuses.push(response.status);
      if (response.status === 429) refused = response;
    }

    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused?.headers.get('content-type')).toContain('application/problem+json');
    expect(((await refused?.json()) as { code: string }).code).toBe('rate_limited');
    // The staff key has a budget of its own.
    expect((await t.staff.request('POST', '/v1/orgs', { name: 'Another org' })).status).toBe(201);
  });
});
