import '../unset-proxy-env';

import { createHash } from 'node:crypto';

import { Connection, type Record as JsforceRecord } from 'jsforce';

import { SALESFORCE_CONNECTED_APP, SALESFORCE_ORG, SALESFORCE_USER, startSandbox } from '../index';
import type { Sandbox } from '../index';

const VERSION = '62.0';

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

/** A jsforce connection holding a fresh session and a refresh token, as after OAuth. */
function connect(accessToken = sandbox.salesforce.issueAccessToken()): Connection {
  return new Connection({
    version: VERSION,
    instanceUrl: sandbox.url,
    accessToken,
    refreshToken: sandbox.salesforce.grantRefreshToken(),
    oauth2: {
      loginUrl: sandbox.url,
      clientId: SALESFORCE_CONNECTED_APP.clientId,
      clientSecret: SALESFORCE_CONNECTED_APP.clientSecret,
      redirectUri: 'http://127.0.0.1:5555/callback',
    },
  });
}

async function rejectionOf(promise: PromiseLike<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected the call to fail');
}

function tokenCalls(): number {
  return sandbox.salesforce.journal().filter((entry) => entry.path === '/services/oauth2/token')
    .length;
}

function readGrant(body: unknown): { refreshToken: string; instanceUrl: string } {
  const refreshToken: unknown =
    typeof body === 'object' && body ? Reflect.get(body, 'refreshToken') : undefined;
  const instanceUrl: unknown =
    typeof body === 'object' && body ? Reflect.get(body, 'instanceUrl') : undefined;
  if (typeof refreshToken !== 'string' || typeof instanceUrl !== 'string') {
    throw new Error(`unexpected grant body: ${JSON.stringify(body)}`);
  }

  return { refreshToken, instanceUrl };
}

async function rawRequest(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${sandbox.salesforce.issueAccessToken()}`,
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('SalesforceEmulator', () => {
  describe('OAuth', () => {
    it('auto-approves the authorize step and exchanges the code through jsforce', async () => {
      const redirectUri = 'http://127.0.0.1:5555/callback';
      const authorize = new URL('/services/oauth2/authorize', sandbox.url);
      authorize.search = new URLSearchParams({
        response_type: 'code',
        client_id: SALESFORCE_CONNECTED_APP.clientId,
        redirect_uri: redirectUri,
        state: 'xyz',
      }).toString();

      const consent = await fetch(authorize, { redirect: 'manual' });
      expect(consent.status).toBe(302);
      const callback = new URL(consent.headers.get('location') ?? '');
      expect(callback.origin + callback.pathname).toBe(redirectUri);
      expect(callback.searchParams.get('state')).toBe('xyz');

      const conn = new Connection({
        version: VERSION,
        oauth2: {
          loginUrl: sandbox.url,
          clientId: SALESFORCE_CONNECTED_APP.clientId,
          clientSecret: SALESFORCE_CONNECTED_APP.clientSecret,
          redirectUri,
        },
      });
      const userInfo = await conn.authorize(callback.searchParams.get('code') ?? '');

      expect(userInfo).toMatchObject({ organizationId: SALESFORCE_ORG.id, id: SALESFORCE_USER.id });
      expect(conn.instanceUrl).toBe(sandbox.url);
      expect(conn.refreshToken).toEqual(expect.any(String));
      await expect(conn.limits()).resolves.toHaveProperty('DailyApiRequests');
    });

    it('checks the PKCE verifier, the redirect URI and single use of the code', async () => {
      const redirectUri = 'http://127.0.0.1:5555/callback';
      const verifier = 'v'.repeat(43);
      const codeFor = async (): Promise<string> => {
        const authorize = new URL('/services/oauth2/authorize', sandbox.url);
        authorize.search = new URLSearchParams({
          response_type: 'code',
          client_id: SALESFORCE_CONNECTED_APP.clientId,
          redirect_uri: redirectUri,
          code_challenge: createHash('sha256').update(verifier).digest('base64url'),
          code_challenge_method: 'S256',
        }).toString();
        const consent = await fetch(authorize, { redirect: 'manual' });

        return new URL(consent.headers.get('location') ?? '').searchParams.get('code') ?? '';
      };
      const exchange = async (code: string, extra: Record<string, string>) => {
        const response = await fetch(new URL('/services/oauth2/token', sandbox.url), {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code,
            client_id: SALESFORCE_CONNECTED_APP.clientId,
            client_secret: SALESFORCE_CONNECTED_APP.clientSecret,
            redirect_uri: redirectUri,
            ...extra,
          }),
        });

        return {
          status: response.status,
          body: (await response.json()) as Record<string, unknown>,
        };
      };

      expect(await exchange(await codeFor(), {})).toMatchObject({
        status: 400,
        body: { error: 'invalid_grant', error_description: 'invalid code verifier' },
      });
      expect(await exchange(await codeFor(), { code_verifier: 'w'.repeat(43) })).toMatchObject({
        status: 400,
        body: { error: 'invalid_grant' },
      });
      expect(
        await exchange(await codeFor(), {
          code_verifier: verifier,
          redirect_uri: 'http://127.0.0.1:5555/other',
        }),
      ).toMatchObject({ status: 400, body: { error: 'redirect_uri_mismatch' } });
      const code = await codeFor();
      expect(await exchange(code, { code_verifier: verifier })).toMatchObject({
        status: 200,
        body: { refresh_token: expect.any(String) },
      });
      expect(await exchange(code, { code_verifier: verifier })).toMatchObject({
        status: 400,
        body: { error: 'invalid_grant', error_description: 'invalid authorization code' },
      });
    });

    it('rejects a redirect URI outside the loopback pattern', async () => {
      const authorize = new URL('/services/oauth2/authorize', sandbox.url);
      authorize.search = new URLSearchParams({
        response_type: 'code',
        client_id: SALESFORCE_CONNECTED_APP.clientId,
        redirect_uri: 'https://evil.example.com/cb',
      }).toString();

      const response = await fetch(authorize, { redirect: 'manual' });

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'redirect_uri_mismatch' });
    });

    it('answers a refresh with a token, the instance URL as reached and the identity URL', async () => {
      const conn = connect();

      const token = await conn.oauth2.refreshToken(conn.refreshToken ?? '');

      expect(token).toMatchObject({
        instance_url: sandbox.url,
        id: `${sandbox.url}/id/${SALESFORCE_ORG.id}/${SALESFORCE_USER.id}`,
        token_type: 'Bearer',
        scope: 'api refresh_token',
      });
      expect(token.signature).toEqual(expect.any(String));
      expect(token.issued_at).toMatch(/^\d+$/);
      expect(token.refresh_token).toBeUndefined();
    });

    it('fails the refresh of a revoked grant with invalid_grant', async () => {
      const conn = connect();
      sandbox.salesforce.revokeGrants();

      const error = await rejectionOf(conn.oauth2.refreshToken(conn.refreshToken ?? ''));

      expect(error).toMatchObject({
        name: 'invalid_grant',
        message: 'expired access/refresh token',
      });
    });

    it('rotates the refresh token when rotation is on and burns the old one', async () => {
      sandbox.salesforce.setRefreshTokenRotation(true);
      const conn = connect();
      const first = conn.refreshToken ?? '';

      const token = await conn.oauth2.refreshToken(first);

      expect(token.refresh_token).toEqual(expect.any(String));
      expect(token.refresh_token).not.toBe(first);
      await expect(conn.oauth2.refreshToken(first)).rejects.toMatchObject({
        name: 'invalid_grant',
      });
      await expect(conn.oauth2.refreshToken(token.refresh_token ?? '')).resolves.toHaveProperty(
        'access_token',
      );
    });

    it('logs in with the password grant (password + security token)', async () => {
      const conn = new Connection({
        version: VERSION,
        oauth2: {
          loginUrl: sandbox.url,
          clientId: SALESFORCE_CONNECTED_APP.clientId,
          clientSecret: SALESFORCE_CONNECTED_APP.clientSecret,
        },
      });

      await conn.login(
        SALESFORCE_USER.username,
        SALESFORCE_USER.password + SALESFORCE_USER.securityToken,
      );

      expect(conn.instanceUrl).toBe(sandbox.url);
      await expect(conn.login(SALESFORCE_USER.username, 'wrong')).rejects.toMatchObject({
        name: 'invalid_grant',
        message: 'authentication failure',
      });
    });

    it('issues a client-credentials session without a refresh token', async () => {
      const conn = new Connection({
        version: VERSION,
        oauth2: {
          loginUrl: sandbox.url,
          clientId: SALESFORCE_CONNECTED_APP.clientId,
          clientSecret: SALESFORCE_CONNECTED_APP.clientSecret,
        },
      });

      await conn.authorize({ grant_type: 'client_credentials' });

      expect(conn.accessToken).toEqual(expect.any(String));
      expect(conn.refreshToken).toBeFalsy();
      await expect(conn.identity()).resolves.toMatchObject({
        username: SALESFORCE_USER.username,
        organization_id: SALESFORCE_ORG.id,
      });
    });
  });

  describe('sessions', () => {
    it('answers INVALID_SESSION_ID for an unknown token and serves a valid one', async () => {
      const bogus = new Connection({
        version: VERSION,
        instanceUrl: sandbox.url,
        accessToken: 'nope',
      });

      const error = await rejectionOf(bogus.limits());

      expect(error).toMatchObject({
        errorCode: 'INVALID_SESSION_ID',
        message: 'Session expired or invalid',
      });
      await expect(connect().limits()).resolves.toHaveProperty('DailyApiRequests.Max', 15000);
    });

    it('lets jsforce refresh an expired token once and replay the call', async () => {
      const conn = connect();
      const refreshed: string[] = [];
      conn.on('refresh', (accessToken: string) => refreshed.push(accessToken));
      sandbox.salesforce.expireAccessTokens();
      sandbox.salesforce.clearJournal();

      await conn.limits();

      expect(refreshed).toHaveLength(1);
      expect(tokenCalls()).toBe(1);
      expect(sandbox.salesforce.journal().map((entry) => entry.status)).toEqual([401, 200, 200]);
    });

    it('expires access tokens after the configured TTL', async () => {
      sandbox.salesforce.setAccessTokenTtl(60_000);
      const accessToken = sandbox.salesforce.issueAccessToken();
      const conn = new Connection({ version: VERSION, instanceUrl: sandbox.url, accessToken });
      await expect(conn.limits()).resolves.toBeDefined();

      sandbox.salesforce.advanceClock(60_000);

      await expect(conn.limits()).rejects.toMatchObject({ errorCode: 'INVALID_SESSION_ID' });
    });
  });

  describe('metadata', () => {
    it('lists API versions', async () => {
      const versions =
        await connect().request<Array<{ version: string; url: string }>>('/services/data/');

      expect(versions).toContainEqual({
        label: "Winter '25",
        url: '/services/data/v62.0',
        version: '62.0',
      });
    });

    it('serves the captured Lead describe rewritten to the requested version and host', async () => {
      const describe = await connect().sobject('Lead').describe();

      expect(describe).toMatchObject({ name: 'Lead', keyPrefix: '00Q' });
      expect(describe.urls.describe).toBe('/services/data/v62.0/sobjects/Lead/describe');
      expect(describe.urls.uiDetailTemplate).toBe(`${sandbox.url}/{ID}`);
      expect(describe.fields.find((field) => field.name === 'Company')).toMatchObject({
        length: 255,
        nillable: false,
        createable: true,
      });
    });

    it('drops a deleted field from the describe and refuses writes naming it', async () => {
      const conn = connect();
      const response = await fetch(`${sandbox.url}/__sandbox/salesforce/fields/Lead/title`, {
        method: 'DELETE',
      });
      const describe = await conn.sobject('Lead').describe();
      const write = conn
        .sobject('Lead')
        .create({ LastName: 'Lovelace', Company: 'Acme', Title: 'Countess' });

      expect(response.status).toBe(204);
      expect(describe.fields.map((field) => field.name)).not.toContain('Title');
      await expect(write).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    });

    it('adds a custom multi-select picklist that the describe lists and writes check', async () => {
      const conn = connect();
      const response = await fetch(`${sandbox.url}/__sandbox/salesforce/fields/Lead`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'Interests__c',
          label: 'Interests',
          multiSelect: true,
          restricted: true,
          values: ['Pricing', 'Product demo'],
        }),
      });
      const describe = await conn.sobject('Lead').describe();
      const added = describe.fields.find((field) => field.name === 'Interests__c');
      const created = await conn
        .sobject('Lead')
        .create({ LastName: 'Lovelace', Company: 'Acme', Interests__c: 'pricing;Product demo' });
      const refused = conn
        .sobject('Lead')
        .create({ LastName: 'Byron', Company: 'Acme', Interests__c: 'Pricing;Poetry' });

      expect(response.status).toBe(201);
      expect(added).toMatchObject({
        type: 'multipicklist',
        custom: true,
        restrictedPicklist: true,
        picklistValues: [
          expect.objectContaining({ value: 'Pricing', active: true }),
          expect.objectContaining({ value: 'Product demo', active: true }),
        ],
      });
      const id = 'id' in created ? String(created.id) : '';
      expect(sandbox.salesforce.record('Lead', id)?.Interests__c).toBe('Pricing;Product demo');
      await expect(refused).rejects.toMatchObject({
        errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      });
    });

    it('answers NOT_FOUND for an unsupported sObject and an unknown version', async () => {
      const conn = connect();

      await expect(conn.describe('Opportunity')).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
      await expect(conn.request('/services/data/v99.0/limits')).rejects.toMatchObject({
        errorCode: 'NOT_FOUND',
      });
    });

    it('sends Sforce-Limit-Info on every data call, which jsforce parses', async () => {
      const conn = connect();

      await conn.limits();
      await conn.query('SELECT Id FROM Lead');

      expect(conn.limitInfo).toEqual({ apiUsage: { used: 2, limit: 15000 } });
    });

    it('uses the Salesforce JSON content type on bodies and errors', async () => {
      const ok = await rawRequest('GET', `/services/data/v${VERSION}/limits`);
      const failed = await fetch(`${sandbox.url}/services/data/v${VERSION}/limits`);

      expect(ok.headers.get('content-type')).toBe('application/json;charset=UTF-8');
      expect(failed.status).toBe(401);
      expect(failed.headers.get('content-type')).toBe('application/json;charset=UTF-8');
      expect(await failed.json()).toEqual([
        { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
      ]);
    });
  });

  describe('query', () => {
    it('finds leads by email case-insensitively, with + addresses and escaped quotes', async () => {
      const plus = sandbox.salesforce.seedRecord('Lead', {
        LastName: 'Plus',
        Company: 'Acme',
        Email: 'a+b@example.com',
      });
      const quote = sandbox.salesforce.seedRecord('Lead', {
        LastName: "O'Brien",
        Company: 'Acme',
        Email: "o'brien@example.com",
      });
      const conn = connect();

      const byPlus = await conn.query<JsforceRecord>(
        "SELECT Id, Email FROM Lead WHERE Email = 'A+B@Example.com' AND IsConverted = false",
      );
      const byQuote = await conn.query<JsforceRecord>(
        "SELECT Id, LastName FROM Lead WHERE Email IN ('o\\'brien@example.com', 'x@y.z')",
      );

      expect(byPlus).toMatchObject({ totalSize: 1, done: true });
      expect(byPlus.records[0]).toEqual({
        attributes: { type: 'Lead', url: `/services/data/v62.0/sobjects/Lead/${plus}` },
        Id: plus,
        Email: 'a+b@example.com',
      });
      expect(byQuote.records.map((record) => record.Id)).toEqual([quote]);
      expect(byQuote.records[0].LastName).toBe("O'Brien");
    });

    it('excludes converted leads and honours LIMIT', async () => {
      const converted = sandbox.salesforce.seedRecord('Lead', {
        LastName: 'A',
        Company: 'Acme',
        Email: 'same@example.com',
      });
      sandbox.salesforce.convertLead(converted);
      for (const name of ['B', 'C']) {
        sandbox.salesforce.seedRecord('Lead', {
          LastName: name,
          Company: 'Acme',
          Email: 'same@example.com',
        });
      }
      const conn = connect();

      const open = await conn.query(
        "SELECT Id FROM Lead WHERE Email = 'same@example.com' AND IsConverted = false",
      );
      const limited = await conn.query(
        "SELECT Id FROM Lead WHERE Email = 'same@example.com' LIMIT 1",
      );

      expect(open.totalSize).toBe(2);
      expect(limited.totalSize).toBe(1);
    });

    it('answers INVALID_FIELD for an unknown column and MALFORMED_QUERY for bad syntax', async () => {
      const conn = connect();

      const unknown = await rejectionOf(conn.query('SELECT Id, Foo FROM Lead'));
      const malformed = await rejectionOf(conn.query("SELECT Id FROM Lead WHERE Email = 'x"));
      const typed = await rejectionOf(conn.query("SELECT Id FROM Lead WHERE IsConverted = 'no'"));

      expect(unknown).toMatchObject({ errorCode: 'INVALID_FIELD' });
      expect(unknown.message).toContain("No such column 'Foo' on entity 'Lead'");
      expect(malformed).toMatchObject({ errorCode: 'MALFORMED_QUERY' });
      expect(typed).toMatchObject({ errorCode: 'INVALID_FIELD' });
    });

    it('pages with nextRecordsUrl and jsforce follows it', async () => {
      sandbox.salesforce.setQueryPageSize(2);
      for (let index = 0; index < 5; index += 1) {
        sandbox.salesforce.seedRecord('Lead', { LastName: `L${index}`, Company: 'Acme' });
      }
      const conn = connect();

      const first = await conn.query('SELECT Id FROM Lead');
      const all = await conn.query('SELECT Id, LastName FROM Lead', { autoFetch: true });

      expect(first).toMatchObject({ totalSize: 5, done: false });
      expect(first.nextRecordsUrl).toMatch(/\/services\/data\/v62\.0\/query\/01g\w+-2$/);
      expect(all.records.map((record) => record.LastName)).toEqual(['L0', 'L1', 'L2', 'L3', 'L4']);
    });
  });

  describe('sObject Collections', () => {
    it('creates records with 18-character ids of the right key prefix, in input order', async () => {
      const results = await connect()
        .sobject('Lead')
        .create(
          [
            { LastName: 'One', Company: 'Acme' },
            { LastName: 'Two', Company: 'Acme' },
          ],
          { allOrNone: false },
        );

      expect(results).toEqual([
        { id: '00Q5g0000000001EAA', success: true, errors: [] },
        { id: '00Q5g0000000002EAA', success: true, errors: [] },
      ]);
      expect(sandbox.salesforce.records('Lead').map((record) => record.Name)).toEqual([
        'One',
        'Two',
      ]);
    });

    it('fails only the invalid record without allOrNone, with statusCode on the wire', async () => {
      const response = await rawRequest('POST', `/services/data/v${VERSION}/composite/sobjects`, {
        allOrNone: false,
        records: [
          { attributes: { type: 'Lead' }, LastName: 'Ok', Company: 'Acme' },
          { attributes: { type: 'Lead' }, LastName: 'NoCompany' },
        ],
      });

      expect(response.status).toBe(200);
      const body: unknown = await response.json();
      expect(body).toEqual([
        { id: expect.stringMatching(/^00Q\w{15}$/), success: true, errors: [] },
        {
          success: false,
          errors: [
            {
              statusCode: 'REQUIRED_FIELD_MISSING',
              message: 'Required fields are missing: [Company]',
              fields: ['Company'],
            },
          ],
        },
      ]);
      expect(sandbox.salesforce.records('Lead')).toHaveLength(1);
    });

    it('rolls every record back with allOrNone when one is invalid', async () => {
      const results = await connect()
        .sobject('Lead')
        .create(
          [
            { LastName: 'Ok', Company: 'Acme' },
            { LastName: 'Bad', Company: 'Acme', Email: 'not-an-email' },
          ],
          { allOrNone: true },
        );

      expect(results).toEqual([
        {
          success: false,
          errors: [
            {
              statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
              message:
                'Record rolled back because not all records were valid and the request was using AllOrNone header',
              fields: [],
            },
          ],
        },
        {
          success: false,
          errors: [
            {
              statusCode: 'INVALID_EMAIL_ADDRESS',
              message: 'Email: invalid email address: not-an-email',
              fields: ['Email'],
            },
          ],
        },
      ]);
      expect(sandbox.salesforce.records('Lead')).toHaveLength(0);
    });

    it('rejects more than 200 records with EXCEEDED_ID_LIMIT', async () => {
      const records = Array.from({ length: 201 }, (_, index) => ({
        LastName: `L${index}`,
        Company: 'Acme',
      }));

      const error = await rejectionOf(connect().sobject('Lead').create(records));

      expect(error).toMatchObject({ errorCode: 'EXCEEDED_ID_LIMIT' });
      expect(sandbox.salesforce.records('Lead')).toHaveLength(0);
    });

    it('validates values against the describe with labels in messages', async () => {
      const results = await connect()
        .sobject('Lead')
        .create([
          { LastName: 'Long', Company: 'x'.repeat(256) },
          { LastName: 'Field', Company: 'Acme', Foo__c: 'bar' },
          { LastName: 'ReadOnly', Company: 'Acme', IsConverted: true, Name: 'x' },
          { LastName: 'Revenue', Company: 'Acme', AnnualRevenue: 'lots' },
        ]);

      expect(results.map((result) => (result.success ? 'ok' : result.errors[0]))).toEqual([
        {
          statusCode: 'STRING_TOO_LONG',
          message: `Company: data value too large: ${'x'.repeat(256)} (max length=255)`,
          fields: ['Company'],
        },
        {
          statusCode: 'INVALID_FIELD',
          message: "No such column 'Foo__c' on sobject of type Lead",
          fields: [],
        },
        expect.objectContaining({
          statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
          fields: ['Name'],
        }),
        {
          statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD',
          message: 'Annual Revenue: value not of required type: lots',
          fields: ['AnnualRevenue'],
        },
      ]);
    });

    it('matches restricted picklists case-insensitively unless strict case is on', async () => {
      const conn = connect();
      const lead = { LastName: 'Pick', Company: 'Acme', CleanStatus: 'matched' };

      const [lenient] = await conn.sobject('Lead').create([lead]);
      sandbox.salesforce.setStrictPicklistCase(true);
      const [strict] = await conn.sobject('Lead').create([lead]);
      const [absent] = await conn.sobject('Lead').create([{ ...lead, CleanStatus: 'Nope' }]);

      expect(lenient.success).toBe(true);
      expect(sandbox.salesforce.records('Lead')[0].CleanStatus).toBe('Matched');
      expect(strict).toMatchObject({
        success: false,
        errors: [
          {
            statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            message: 'Clean Status: bad value for restricted picklist field: matched',
            fields: ['CleanStatus'],
          },
        ],
      });
      expect(absent.success).toBe(false);
    });

    it('updates by id and refuses converted and deleted leads', async () => {
      const live = sandbox.salesforce.seedRecord('Lead', { LastName: 'Live', Company: 'Acme' });
      const converted = sandbox.salesforce.seedRecord('Lead', {
        LastName: 'Conv',
        Company: 'Acme',
      });
      const deleted = sandbox.salesforce.seedRecord('Lead', { LastName: 'Gone', Company: 'Acme' });
      sandbox.salesforce.convertLead(converted);
      sandbox.salesforce.deleteRecord('Lead', deleted);

      const results = await connect()
        .sobject('Lead')
        .update([
          { Id: live, Title: 'CTO' },
          { Id: converted, Title: 'CTO' },
          { Id: deleted, Title: 'CTO' },
        ]);

      expect(results.map((result) => (result.success ? result.id : result.errors[0]))).toEqual([
        live,
        {
          statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD',
          message: 'cannot reference converted lead',
          fields: [],
        },
        { statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] },
      ]);
      expect(sandbox.salesforce.record('Lead', live)?.Title).toBe('CTO');
    });

    it('links a Contact to a live Account and refuses a lookup to a missing or wrong record', async () => {
      const account = sandbox.salesforce.seedRecord('Account', { Name: 'Acme' });
      const gone = sandbox.salesforce.seedRecord('Account', { Name: 'Gone' });
      const lead = sandbox.salesforce.seedRecord('Lead', { LastName: 'Lead', Company: 'Acme' });
      sandbox.salesforce.deleteRecord('Account', gone);

      const results = await connect()
        .sobject('Contact')
        .create([
          { LastName: 'Linked', AccountId: account },
          { LastName: 'Orphan', AccountId: gone },
          { LastName: 'Wrong', AccountId: lead },
        ]);

      expect(results.map((result) => (result.success ? 'ok' : result.errors[0]))).toEqual([
        'ok',
        {
          statusCode: 'INVALID_CROSS_REFERENCE_KEY',
          message: 'invalid cross reference id',
          fields: ['AccountId'],
        },
        {
          statusCode: 'FIELD_INTEGRITY_EXCEPTION',
          message: `Account ID: id value of incorrect type: ${lead}`,
          fields: ['AccountId'],
        },
      ]);
      const found = await connect().query<{ Id: string; AccountId: string }>(
        `SELECT Id, AccountId FROM Contact WHERE AccountId = '${account}'`,
      );
      expect(found.records.map((row) => row.AccountId)).toEqual([account]);
    });

    it('finds Accounts by website with LIKE and by name case-insensitively', async () => {
      const acme = sandbox.salesforce.seedRecord('Account', {
        Name: 'Acme Corp',
        Website: 'https://www.acme.example',
      });
      sandbox.salesforce.seedRecord('Account', { Name: 'Globex', Website: 'globex.example' });

      const byWebsite = await connect().query<{ Id: string }>(
        "SELECT Id FROM Account WHERE Website LIKE '%acme.example%' OR Name IN ('initech')",
      );
      const byName = await connect().query<{ Id: string }>(
        "SELECT Id FROM Account WHERE Name IN ('acme corp', 'Nobody')",
      );

      expect(byWebsite.records.map((row) => row.Id)).toEqual([acme]);
      expect(byName.records.map((row) => row.Id)).toEqual([acme]);
    });

    it('upserts by external id and fails keys repeated in one request', async () => {
      const conn = connect();
      await conn.sobject('Contact').create({ LastName: 'Existing', Custom_External_ID__c: 'k1' });

      const results = await conn.sobject('Contact').upsert(
        [
          { Custom_External_ID__c: 'k1', LastName: 'Updated' },
          { Custom_External_ID__c: 'k2', LastName: 'New' },
          { Custom_External_ID__c: 'k3', LastName: 'Dup A' },
          { Custom_External_ID__c: 'k3', LastName: 'Dup B' },
        ],
        'Custom_External_ID__c',
      );

      expect(results).toEqual([
        expect.objectContaining({ success: true, created: false }),
        expect.objectContaining({ success: true, created: true }),
        {
          success: false,
          errors: [
            {
              statusCode: 'DUPLICATE_VALUE',
              message: 'Duplicate external id specified: k3',
              fields: ['Custom_External_ID__c'],
            },
          ],
        },
        expect.objectContaining({ success: false }),
      ]);
      expect(sandbox.salesforce.records('Contact').map((record) => record.LastName)).toEqual([
        'Updated',
        'New',
      ]);
    });
  });

  describe('single-record REST', () => {
    it('creates with 201, updates with 204 and reads the record back', async () => {
      const conn = connect();

      const created = await conn.sobject('Campaign').create({ Name: 'Expo 2025' });
      const updated = await conn
        .sobject('Campaign')
        .update({ Id: created.id ?? '', IsActive: true });
      const record = await conn.sobject('Campaign').retrieve(created.id ?? '');

      expect(created).toEqual({
        id: expect.stringMatching(/^701\w{15}$/),
        success: true,
        errors: [],
      });
      expect(updated).toEqual({ id: created.id, success: true, errors: [] });
      expect(record).toMatchObject({ Id: created.id, Name: 'Expo 2025', IsActive: true });
      expect(
        sandbox.salesforce.journal().map((entry) => `${entry.method} ${entry.status}`),
      ).toEqual(['POST 201', 'PATCH 204', 'GET 200']);
    });

    it('answers 400 with the error array for an invalid single create', async () => {
      const error = await rejectionOf(connect().sobject('Lead').create({ LastName: 'NoCompany' }));

      expect(error).toMatchObject({
        errorCode: 'REQUIRED_FIELD_MISSING',
        message: 'Required fields are missing: [Company]',
        data: { fields: ['Company'] },
      });
    });
  });

  describe('scenario switches', () => {
    it('answers 503 to the next collections create, which jsforce does not retry', async () => {
      sandbox.salesforce.failNext('collections.create', 1, 'SERVER_UNAVAILABLE');
      const conn = connect();

      const error = await rejectionOf(
        conn.sobject('Lead').create([{ LastName: 'A', Company: 'B' }]),
      );
      const retried = await conn.sobject('Lead').create([{ LastName: 'A', Company: 'B' }]);

      expect(error).toMatchObject({ errorCode: 'SERVER_UNAVAILABLE' });
      expect(retried[0].success).toBe(true);
    });

    it('answers 403 REQUEST_LIMIT_EXCEEDED to the next query', async () => {
      sandbox.salesforce.failNext('query', 1, 'REQUEST_LIMIT_EXCEEDED');

      const error = await rejectionOf(connect().query('SELECT Id FROM Lead'));

      expect(error).toMatchObject({
        errorCode: 'REQUEST_LIMIT_EXCEEDED',
        message: 'TotalRequests Limit exceeded.',
      });
    });

    it('fails the next record with UNABLE_TO_LOCK_ROW while the rest of the batch succeeds', async () => {
      sandbox.salesforce.failNext('collections.create', 1, 'UNABLE_TO_LOCK_ROW');

      const results = await connect()
        .sobject('Lead')
        .create([
          { LastName: 'A', Company: 'B' },
          { LastName: 'C', Company: 'D' },
        ]);

      expect(results[0]).toMatchObject({
        success: false,
        errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW' }],
      });
      expect(results[1].success).toBe(true);
    });

    it('records every call in the journal', async () => {
      await connect().query("SELECT Id FROM Lead WHERE Email = 'a@b.c'");

      expect(sandbox.salesforce.journal()).toEqual([
        {
          method: 'GET',
          path: '/services/data/v62.0/query',
          query: { q: "SELECT Id FROM Lead WHERE Email = 'a@b.c'" },
          body: undefined,
          status: 200,
          time: expect.any(String),
          durationMs: expect.any(Number),
        },
      ]);
    });
  });

  describe('HTTP control surface', () => {
    const control = (method: string, path: string, body?: unknown) =>
      fetch(`${sandbox.url}/__sandbox/salesforce${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    it('grants a refresh token, seeds records, arms switches and reads the journal', async () => {
      const grant = await control('POST', '/grants');
      const { refreshToken, instanceUrl } = readGrant(await grant.json());
      const seeded = await control('POST', '/records/Lead', { LastName: 'Seed', Company: 'Acme' });
      await control('POST', '/scenarios', {
        route: 'limits',
        count: 1,
        kind: 'SERVER_UNAVAILABLE',
      });

      const conn = new Connection({
        version: VERSION,
        instanceUrl,
        refreshToken,
        oauth2: {
          loginUrl: sandbox.url,
          clientId: SALESFORCE_CONNECTED_APP.clientId,
          clientSecret: SALESFORCE_CONNECTED_APP.clientSecret,
        },
      });
      const result = await conn.query('SELECT Id FROM Lead');
      const journal: unknown = await (await control('GET', '/journal')).json();

      expect(seeded.status).toBe(201);
      expect(result.totalSize).toBe(1);
      expect(journal).toEqual([
        expect.objectContaining({ path: '/services/data/v62.0/query', status: 401 }),
        expect.objectContaining({ path: '/services/oauth2/token', status: 200 }),
        expect.objectContaining({ path: '/services/data/v62.0/query', status: 200 }),
      ]);
      expect(sandbox.salesforce.scenarios()).toEqual([
        { route: 'limits', kind: 'SERVER_UNAVAILABLE', remaining: 1 },
      ]);
    });

    it('expires tokens, revokes grants and resets over HTTP', async () => {
      const conn = connect();
      await conn.limits();

      expect((await control('POST', '/access-tokens/expire')).status).toBe(204);
      await conn.limits();
      expect(tokenCalls()).toBe(1);

      expect((await control('POST', '/grants/revoke')).status).toBe(204);
      await expect(conn.limits()).rejects.toThrow(/Unable to refresh session due to: expired/);

      expect((await control('POST', '/reset')).status).toBe(204);
      expect(sandbox.salesforce.journal()).toEqual([]);
    });

    it('answers 400 to an invalid control request', async () => {
      const response = await control('POST', '/scenarios', { route: 'nowhere', kind: 'X' });

      expect(response.status).toBe(400);
    });
  });
});
