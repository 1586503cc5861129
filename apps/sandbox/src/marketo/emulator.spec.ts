import '../unset-proxy-env';

import createdRequest from '../../fixtures/marketo/leads_push_createOrUpdate_created.request.json';
import createdResponse from '../../fixtures/marketo/leads_push_createOrUpdate_created.json';
import describeResponse from '../../fixtures/marketo/leads_describe.json';
import listRemoveResponse from '../../fixtures/marketo/lists_remove_leads_mixed_removed_skipped_1015.json';
import updateOnlyRequest from '../../fixtures/marketo/leads_push_updateOnly_mixed_updated_skipped.request.json';
import updateOnlyResponse from '../../fixtures/marketo/leads_push_updateOnly_mixed_updated_skipped.json';
import { startSandbox, type Sandbox } from '../index';
import { MARKETO_CLIENT, MARKETO_INSTANCE } from './constants';
import { isRecord } from './envelope';

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

interface Reply {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
  text: string;
}

interface CallOptions {
  token?: string | null;
  json?: unknown;
  rawBody?: string;
  contentType?: string | null;
}

async function call(method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? sandbox.marketo.issueAccessToken() : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined = options.rawBody;
  if (options.json !== undefined) body = JSON.stringify(options.json);
  const contentType =
    options.contentType === undefined && body !== undefined
      ? 'application/json'
      : options.contentType;
  if (contentType) headers['content-type'] = contentType;

  const response = await fetch(`${sandbox.url}${path}`, { method, headers, body });
  const text = await response.text();
  const contentTypeHeader = response.headers.get('content-type') ?? '';
  const parsed: unknown = contentTypeHeader.includes('json') ? JSON.parse(text) : {};

  return {
    status: response.status,
    contentType: contentTypeHeader,
    body: isRecord(parsed) ? parsed : {},
    text,
  };
}

function tokenUrl(params: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: MARKETO_CLIENT.clientId,
    client_secret: MARKETO_CLIENT.clientSecret,
    ...params,
  });

  return `/identity/oauth/token?${query.toString()}`;
}

function errorsOf(reply: Reply): unknown {
  return reply.body.errors;
}

/** The objects of a `result[]` (or of any list). */
function rows(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function firstErrorCode(reply: Reply): unknown {
  return rows(reply.body.errors)[0]?.code;
}

function sync(input: unknown[], extra: Record<string, unknown> = {}): Promise<Reply> {
  return call('POST', '/rest/v1/leads.json', { json: { input, ...extra } });
}

describe('MarketoEmulator', () => {
  describe('identity', () => {
    it('issues a bearer token by client credentials with about an hour left', async () => {
      const reply = await call('GET', tokenUrl(), { token: null });

      expect(reply.status).toBe(200);
      expect(reply.contentType).toBe('application/json;charset=UTF-8');
      expect(reply.body).toEqual({
        access_token: expect.stringMatching(/^[0-9a-f-]{36}:ab$/),
        token_type: 'bearer',
        expires_in: 3599,
        scope: MARKETO_INSTANCE.apiUser,
      });
    });

    it('hands out the same token with a shrinking lifetime until it expires', async () => {
      const first = await call('GET', tokenUrl(), { token: null });
      sandbox.marketo.advanceClock(10_000);
      const second = await call('POST', tokenUrl(), { token: null });

      expect(second.body.access_token).toBe(first.body.access_token);
      expect(second.body.expires_in).toBe(3589);
    });

    it('reports expires_in 0 during the last second, then issues a new token', async () => {
      const first = await call('GET', tokenUrl(), { token: null });
      sandbox.marketo.advanceClock(3_599_500);
      const last = await call('GET', tokenUrl(), { token: null });
      sandbox.marketo.advanceClock(1_000);
      const next = await call('GET', tokenUrl(), { token: null });

      expect(last.body).toMatchObject({ access_token: first.body.access_token, expires_in: 0 });
      expect(next.body.access_token).not.toBe(first.body.access_token);
      expect(next.body.expires_in).toBe(3599);
    });

    it('accepts the credentials as a POST form', async () => {
      const reply = await call('POST', '/identity/oauth/token', {
        token: null,
        rawBody: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: MARKETO_CLIENT.clientId,
          client_secret: MARKETO_CLIENT.clientSecret,
        }).toString(),
        contentType: 'application/x-www-form-urlencoded',
      });

      expect(reply.body.token_type).toBe('bearer');
    });

    it('answers 401 invalid_client for a wrong secret', async () => {
      const reply = await call('GET', tokenUrl({ client_secret: 'wrong' }), { token: null });

      expect(reply.status).toBe(401);
      expect(reply.contentType).toBe('application/json;charset=UTF-8');
      expect(reply.body).toEqual({
        error: 'invalid_client',
        error_description: 'Bad client credentials',
      });
    });

    it('answers the armed identity failures', async () => {
      sandbox.marketo.failNext('identity', 1, 'expires_in_zero');
      sandbox.marketo.failNext('identity', 1, 'unavailable');

      const zero = await call('GET', tokenUrl(), { token: null });
      const down = await call('GET', tokenUrl(), { token: null });

      expect(zero.body.expires_in).toBe(0);
      expect(down.status).toBe(503);
      expect(down.contentType).toContain('text/html');
    });
  });

  describe('REST access', () => {
    it.each<[string, CallOptions, string, string]>([
      ['no Authorization header', { token: null }, '600', 'Empty access token'],
      ['an unknown token', { token: 'not-a-token:ab' }, '601', 'Access token invalid'],
    ])('answers HTTP 200 with a %s error envelope', async (_name, options, code, message) => {
      const reply = await call('GET', '/rest/v1/leads/describe.json', options);

      expect(reply.status).toBe(200);
      expect(reply.contentType).toBe('application/json;charset=UTF-8');
      expect(reply.body).toEqual({
        requestId: expect.stringMatching(/^[0-9a-f]+#[0-9a-f]+$/),
        success: false,
        errors: [{ code, message }],
      });
    });

    it('refuses the access_token query parameter even next to a valid header', async () => {
      const token = sandbox.marketo.issueAccessToken();

      const reply = await call('GET', `/rest/v1/leads/describe.json?access_token=${token}`, {
        token,
      });

      expect(errorsOf(reply)).toEqual([{ code: '601', message: 'Access token invalid' }]);
    });

    it('answers 602 for an expired token', async () => {
      const token = sandbox.marketo.issueAccessToken();
      sandbox.marketo.expireAccessTokens();

      const reply = await call('GET', '/rest/v1/leads/describe.json', { token });

      expect(errorsOf(reply)).toEqual([{ code: '602', message: 'Access token expired' }]);
    });

    it('answers 606 above the calls of the sliding window, and again after it', async () => {
      sandbox.marketo.configure({ rateLimitCalls: 3, rateWindowMs: 20_000 });

      const replies = [];
      for (let index = 0; index < 4; index += 1) {
        replies.push(await call('GET', '/rest/v1/leads/describe.json'));
      }
      sandbox.marketo.advanceClock(20_001);
      const after = await call('GET', '/rest/v1/leads/describe.json');

      expect(replies.map((reply) => reply.body.success)).toEqual([true, true, true, false]);
      expect(errorsOf(replies[3])).toEqual([
        { code: '606', message: "Max rate limit '3' exceeded with in '20' secs" },
      ]);
      expect(after.body.success).toBe(true);
    });

    it('answers 607 once the daily quota is used, until the next US-Central day', async () => {
      sandbox.marketo.configure({ dailyQuota: 2 });

      await call('GET', '/rest/v1/leads/describe.json');
      await call('GET', '/rest/v1/leads/describe.json');
      const refused = await call('GET', '/rest/v1/leads/describe.json');
      sandbox.marketo.advanceClock(24 * 60 * 60 * 1000);
      const nextDay = await call('GET', '/rest/v1/leads/describe.json');

      expect(errorsOf(refused)).toEqual([{ code: '607', message: 'Daily quota reached' }]);
      expect(nextDay.body.success).toBe(true);
      expect(sandbox.marketo.usage()).toMatchObject({ dailyUsed: 1, dailyQuota: 2 });
    });

    it('answers 615 to calls above the concurrency limit', async () => {
      sandbox.marketo.configure({ concurrencyLimit: 2, responseDelayMs: 150 });

      const replies = await Promise.all(
        Array.from({ length: 4 }, () => call('GET', '/rest/v1/leads/describe.json')),
      );

      const codes = replies.map((reply) => (reply.body.success ? 'ok' : firstErrorCode(reply)));
      expect(codes.sort()).toEqual(['615', '615', 'ok', 'ok']);
      expect(sandbox.marketo.usage().inFlight).toBe(0);
    });

    it('answers 612 without a JSON content type and 609 for malformed JSON', async () => {
      const noType = await call('POST', '/rest/v1/leads.json', {
        rawBody: '{"input":[]}',
        contentType: null,
      });
      const badJson = await call('POST', '/rest/v1/leads.json', { rawBody: '{"input":[' });

      expect(errorsOf(noType)).toEqual([{ code: '612', message: 'Invalid Content Type' }]);
      expect(errorsOf(badJson)).toEqual([{ code: '609', message: 'Invalid JSON' }]);
    });

    it('answers 413 above 1 MB of body and 414 above 8 KB of URI', async () => {
      const big = await sync([
        { email: 'big@example.com', mktoPersonNotes: 'x'.repeat(1_100_000) },
      ]);
      const long = await call(
        'GET',
        `/rest/v1/leads.json?filterType=email&filterValues=${'a'.repeat(9000)}`,
      );

      expect(big.status).toBe(413);
      expect(long.status).toBe(414);
    });

    it('answers 610 for an unknown resource and 605 for a wrong method', async () => {
      const unknown = await call('GET', '/rest/v1/nothing.json');
      const wrongMethod = await call('PUT', '/rest/v1/leads.json', { json: {} });

      expect(errorsOf(unknown)).toEqual([{ code: '610', message: 'Requested resource not found' }]);
      expect(errorsOf(wrongMethod)).toEqual([
        { code: '605', message: 'HTTP Method not supported' },
      ]);
    });
  });

  describe('describe', () => {
    it('serves the captured lead describe', async () => {
      const reply = await call('GET', '/rest/v1/leads/describe.json');

      expect(reply.body.success).toBe(true);
      expect(reply.body.result).toEqual(describeResponse.result);
    });

    it('serves describe2 with the searchable fields', async () => {
      const reply = await call('GET', '/rest/v1/leads/describe2.json');
      const [lead] = rows(reply.body.result);

      expect(lead.name).toBe('API Lead');
      expect(lead.searchableFields).toContainEqual(['email']);
      expect(lead.fields).toContainEqual(
        expect.objectContaining({ name: 'email', dataType: 'email', updateable: true }),
      );
      expect(lead.fields).toContainEqual(
        expect.objectContaining({ name: 'id', updateable: false }),
      );
    });
  });

  describe('deleted fields', () => {
    it('leaves a field deleted over the control surface out of the describes and writes', async () => {
      const deleted = await fetch(`${sandbox.url}/__sandbox/marketo/fields/title`, {
        method: 'DELETE',
      });
      const describe = await call('GET', '/rest/v1/leads/describe.json');
      const [lead] = rows((await call('GET', '/rest/v1/leads/describe2.json')).body.result);
      const written = await sync([{ email: 'ada@example.com', title: 'Countess' }]);

      expect(deleted.status).toBe(204);
      const restNames = rows(describe.body.result).map((field) => rows([field.rest])[0]?.name);
      expect(restNames).toContain('email');
      expect(restNames).not.toContain('title');
      expect(rows(lead.fields).map((field) => field.name)).not.toContain('title');
      expect(written.body.result).toEqual([
        { status: 'skipped', reasons: [{ code: '1006', message: "Field 'title' not found" }] },
      ]);
    });
  });

  describe('Get Leads by Filter', () => {
    it('decodes %2B as a plus sign while a raw plus is a space', async () => {
      const id = sandbox.marketo.seedLead({ email: 'a+b@example.com', firstName: 'Ann' });

      const encoded = await call(
        'GET',
        '/rest/v1/leads.json?filterType=email&filterValues=a%2Bb%40example.com',
      );
      const raw = await call(
        'GET',
        '/rest/v1/leads.json?filterType=email&filterValues=a+b@example.com',
      );

      expect(encoded.body.result).toEqual([
        {
          id,
          firstName: 'Ann',
          lastName: null,
          email: 'a+b@example.com',
          updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
          createdAt: expect.stringMatching(/Z$/),
        },
      ]);
      expect(raw.body).toEqual({ requestId: expect.any(String), result: [], success: true });
    });

    it('returns the requested fields for several values, case-insensitively', async () => {
      const first = sandbox.marketo.seedLead({ email: 'one@example.com', company: 'Acme' });
      const second = sandbox.marketo.seedLead({ email: 'two@example.com' });

      const reply = await call(
        'GET',
        '/rest/v1/leads.json?filterType=email&filterValues=ONE%40example.com,two%40example.com&fields=email,company',
      );

      expect(reply.body.result).toEqual([
        { id: first, email: 'one@example.com', company: 'Acme' },
        { id: second, email: 'two@example.com', company: null },
      ]);
    });

    it('reads the query from the body of POST ?_method=GET', async () => {
      const id = sandbox.marketo.seedLead({ email: 'long@example.com' });

      const reply = await call('POST', '/rest/v1/leads.json?_method=GET', {
        rawBody: 'filterType=email&filterValues=long%40example.com&fields=email',
        contentType: 'application/x-www-form-urlencoded',
      });

      expect(reply.body.result).toEqual([{ id, email: 'long@example.com' }]);
      expect(sandbox.marketo.journal().at(-1)).toMatchObject({
        method: 'POST',
        route: 'leads.query',
      });
    });

    it('refuses a blank, unknown or unsearchable filter', async () => {
      const blank = await call('GET', '/rest/v1/leads.json?filterType=email');
      const unknown = await call('GET', '/rest/v1/leads.json?filterType=nope&filterValues=x');
      const unsearchable = await call(
        'GET',
        '/rest/v1/leads.json?filterType=company&filterValues=x',
      );

      expect(errorsOf(blank)).toEqual([{ code: '701', message: 'filterValues cannot be blank' }]);
      expect(errorsOf(unknown)).toEqual([{ code: '1006', message: "Field 'nope' not found" }]);
      expect(errorsOf(unsearchable)).toEqual([
        { code: '1011', message: "Field 'company' not supported" },
      ]);
    });
  });

  describe('Sync Leads', () => {
    it('answers the captured createOrUpdate exchange', async () => {
      const reply = await call('POST', '/rest/v1/leads.json', { json: createdRequest });

      expect(reply.body).toEqual({ ...createdResponse, requestId: expect.any(String) });
      expect(sandbox.marketo.leads()).toEqual([
        expect.objectContaining({ id: 7149, email: 'lead1@example.com', firstName: 'Brian' }),
      ]);
    });

    it('answers the captured updateOnly-by-id exchange with a 1003 skip', async () => {
      sandbox.marketo.seedLead({ email: 'lead1@example.com' });
      sandbox.marketo.seedLead({ email: 'other@example.com' });
      sandbox.marketo.seedLead({ email: 'lead2@example.com' });

      const reply = await call('POST', '/rest/v1/leads.json', { json: updateOnlyRequest });

      expect(reply.body).toEqual({ ...updateOnlyResponse, requestId: expect.any(String) });
      expect(sandbox.marketo.lead(7149)).toMatchObject({ firstName: 'Sam', lastName: 'Test' });
    });

    it('updates the lead with the same email, case-insensitively', async () => {
      const [created] = rows(
        (await sync([{ email: 'Jane@Example.com', firstName: 'Jane' }])).body.result,
      );

      const reply = await sync([{ email: 'jane@example.com', title: 'CTO' }]);

      expect(reply.body.result).toEqual([{ id: created.id, status: 'updated' }]);
      expect(sandbox.marketo.leads()).toEqual([
        expect.objectContaining({ firstName: 'Jane', title: 'CTO' }),
      ]);
    });

    it('skips records per action and keeps the rest of the batch', async () => {
      const existing = sandbox.marketo.seedLead({ email: 'exists@example.com' });
      sandbox.marketo.seedLead({ email: 'twice@example.com' });
      sandbox.marketo.seedLead({ email: 'twice@example.com' });

      const createOnly = await sync(
        [{ email: 'exists@example.com' }, { email: 'fresh@example.com' }],
        { action: 'createOnly' },
      );
      const updateOnly = await sync([{ email: 'missing@example.com' }], { action: 'updateOnly' });
      const ambiguous = await sync([{ email: 'twice@example.com' }]);

      expect(createOnly.body.result).toEqual([
        { status: 'skipped', reasons: [{ code: '1005', message: 'Lead already exists' }] },
        { id: existing + 3, status: 'created' },
      ]);
      expect(updateOnly.body.result).toEqual([
        { status: 'skipped', reasons: [{ code: '1004', message: 'Lead not found' }] },
      ]);
      expect(ambiguous.body.result).toEqual([
        {
          status: 'skipped',
          reasons: [{ code: '1007', message: 'Multiple lead match lookup criteria' }],
        },
      ]);
    });

    it('validates field names and values against the describe', async () => {
      const reply = await sync([
        { email: 'ok@example.com', boolean_field: 'true', numberOfEmployees: '250' },
        { email: 'a@example.com', foo: 'bar' },
        { email: 'b@example.com', boolean_field: 'maybe' },
        { email: 'not-an-email' },
        { email: 'c@example.com', mktoName: 'Read Only' },
        { email: 'd@example.com', id: 5 },
      ]);

      expect(reply.body.result).toEqual([
        { id: expect.any(Number), status: 'created' },
        { status: 'skipped', reasons: [{ code: '1006', message: "Field 'foo' not found" }] },
        {
          status: 'skipped',
          reasons: [{ code: '1003', message: "Invalid value for field 'boolean_field'" }],
        },
        {
          status: 'skipped',
          reasons: [
            { code: '1003', message: "Invalid value for field 'email' and value 'not-an-email'" },
          ],
        },
        { status: 'skipped', reasons: [{ code: '1003', message: 'Invalid fields [mktoName]' }] },
        { status: 'skipped', reasons: [{ code: '1003', message: "Invalid value for field 'id'" }] },
      ]);
      expect(sandbox.marketo.leads()[0]).toMatchObject({
        boolean_field: true,
        numberOfEmployees: 250,
      });
    });

    it('creates a new lead for every record with createDuplicate', async () => {
      await sync([{ email: 'dup@example.com' }, { email: 'dup@example.com' }], {
        action: 'createDuplicate',
      });

      expect(sandbox.marketo.leads()).toHaveLength(2);
    });

    it('refuses more than 300 records and unsupported lookup fields', async () => {
      const tooMany = await sync(
        Array.from({ length: 301 }, (_, index) => ({ email: `${index}@x.com` })),
      );
      const lookup = await sync([{ email: 'a@x.com' }], { lookupField: 'company' });
      const idLookup = await sync([{ id: 1 }], { lookupField: 'id' });

      expect(errorsOf(tooMany)).toEqual([
        { code: '1003', message: 'Batch size exceeds the limit of 300' },
      ]);
      expect(errorsOf(lookup)).toEqual([
        { code: '1011', message: "Field 'company' not supported" },
      ]);
      expect(errorsOf(idLookup)).toEqual([{ code: '1011', message: "Field 'id' not supported" }]);
      expect(sandbox.marketo.leads()).toHaveLength(0);
    });

    it('keeps UTF-8 values intact', async () => {
      await sync([
        { email: 'zoe@example.com', firstName: 'Zoë', company: 'Müller & Söhne 株式会社' },
      ]);

      const reply = await call(
        'GET',
        '/rest/v1/leads.json?filterType=email&filterValues=zoe%40example.com&fields=firstName,company',
      );

      expect(reply.body.result).toEqual([
        expect.objectContaining({ firstName: 'Zoë', company: 'Müller & Söhne 株式会社' }),
      ]);
    });
  });

  describe('program membership', () => {
    it('adds a lead with a status, moves it forward and skips going back with 1037', async () => {
      const lead = sandbox.marketo.seedLead({ email: 'member@example.com' });
      const path = '/rest/v1/programs/1001/members/status.json';

      const added = await call('POST', path, {
        json: { statusName: 'Registered', input: [{ leadId: lead }] },
      });
      const moved = await call('POST', path, {
        json: { statusName: 'Attended', input: [{ leadId: lead }] },
      });
      const back = await call('POST', path, {
        json: { statusName: 'Registered', input: [{ leadId: lead }] },
      });

      expect(added.body.result).toEqual([{ seq: 0, leadId: lead, status: 'created' }]);
      expect(moved.body.result).toEqual([{ seq: 0, leadId: lead, status: 'updated' }]);
      expect(back.body.result).toEqual([
        {
          seq: 0,
          leadId: lead,
          status: 'skipped',
          reasons: [
            { code: '1037', message: 'Lead skipped because it is already in or past this status' },
          ],
        },
      ]);
      expect(sandbox.marketo.programMembers(1001)).toEqual([{ leadId: lead, status: 'Attended' }]);
    });

    it('skips unknown statuses with 1025 and unknown leads with 1004', async () => {
      const lead = sandbox.marketo.seedLead({ email: 'member@example.com' });
      const path = '/rest/v1/programs/1001/members/status.json';

      const badStatus = await call('POST', path, {
        json: { statusName: 'Nope', input: [{ leadId: lead }] },
      });
      const badLead = await call('POST', path, {
        json: { statusName: 'Registered', input: [{ leadId: 1 }] },
      });
      const badProgram = await call('POST', '/rest/v1/programs/9/members/status.json', {
        json: { statusName: 'Registered', input: [{ leadId: lead }] },
      });

      expect(badStatus.body.result).toEqual([
        {
          seq: 0,
          leadId: lead,
          status: 'skipped',
          reasons: [{ code: '1025', message: 'Program status not found' }],
        },
      ]);
      expect(badLead.body.result).toEqual([
        {
          seq: 0,
          leadId: 1,
          status: 'skipped',
          reasons: [{ code: '1004', message: 'Lead not found' }],
        },
      ]);
      expect(errorsOf(badProgram)).toEqual([{ code: '1013', message: 'Program not found' }]);
    });
  });

  describe('static list membership', () => {
    it('adds by query ids, removes by body input and answers the captured 1015 skip', async () => {
      const first = sandbox.marketo.seedLead({ email: 'l1@example.com' });
      const second = sandbox.marketo.seedLead({ email: 'l2@example.com' });

      const added = await call('POST', `/rest/v1/lists/1160/leads.json?id=${first}`, {
        contentType: 'application/json',
        rawBody: '{}',
      });
      const removed = await call('DELETE', '/rest/v1/lists/1160/leads.json', {
        json: { input: [{ id: first }, { id: second }] },
      });
      const member = await call('GET', `/rest/v1/lists/1160/leads/ismember.json?id=${first}`);

      expect(added.body.result).toEqual([{ id: first, status: 'added' }]);
      expect(removed.body).toEqual({ ...listRemoveResponse, requestId: expect.any(String) });
      expect(member.body.result).toEqual([{ id: first, status: 'notmemberof' }]);
    });
  });

  describe('scenario switches and journal', () => {
    it('answers the next call of a route with the armed code after letting some through', async () => {
      sandbox.marketo.failNext('leads.sync', 1, '606', { after: 1 });

      const first = await sync([{ email: 'a@example.com' }]);
      const second = await sync([{ email: 'b@example.com' }]);
      const third = await sync([{ email: 'c@example.com' }]);

      expect([first, second, third].map((reply) => reply.body.success)).toEqual([
        true,
        false,
        true,
      ]);
      expect(errorsOf(second)).toEqual([
        { code: '606', message: "Max rate limit '100' exceeded with in '20' secs" },
      ]);
      expect(sandbox.marketo.journal().map((entry) => [entry.route, entry.errorCode])).toEqual([
        ['leads.sync', undefined],
        ['leads.sync', '606'],
        ['leads.sync', undefined],
      ]);
    });

    it('expires the caller token with an armed 602 so identity hands out a new one', async () => {
      const token = sandbox.marketo.issueAccessToken();
      sandbox.marketo.failNext('rest', 1, '602');

      const expired = await call('GET', '/rest/v1/leads/describe.json', { token });
      const again = await call('GET', '/rest/v1/leads/describe.json', { token });
      const renewed = await call('GET', tokenUrl(), { token: null });

      expect(errorsOf(expired)).toEqual([{ code: '602', message: 'Access token expired' }]);
      expect(errorsOf(again)).toEqual([{ code: '602', message: 'Access token expired' }]);
      expect(renewed.body.access_token).not.toBe(token);
    });

    it('is driven over HTTP under /__sandbox/marketo', async () => {
      const control = (method: string, path: string, json?: unknown) =>
        call(method, `/__sandbox/marketo${path}`, { token: null, json });

      const armed = await control('POST', '/scenarios', {
        route: 'leads.sync',
        kind: '615',
        count: 2,
      });
      const seeded = await control('POST', '/leads', { email: 'seed@example.com' });
      const connection = await control('GET', '/connection');
      const leads = await call('GET', '/__sandbox/marketo/leads', { token: null });
      await control('POST', '/reset');

      expect(armed.status).toBe(201);
      expect(seeded.body).toEqual({ id: 7149 });
      expect(connection.body).toEqual({
        clientId: MARKETO_CLIENT.clientId,
        clientSecret: MARKETO_CLIENT.clientSecret,
        restBaseUrl: `${sandbox.url}/rest`,
        identityBaseUrl: `${sandbox.url}/identity`,
      });
      expect(JSON.parse(leads.text)).toEqual([
        expect.objectContaining({ email: 'seed@example.com' }),
      ]);
      expect(sandbox.marketo.scenarios()).toEqual([]);
      expect(sandbox.marketo.leads()).toEqual([]);
    });
  });
});
