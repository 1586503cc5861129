import '../unset-proxy-env';

import { Client } from '@hubspot/api-client';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/companies';

import contactsSchema from '../../fixtures/hubspot/crm_v3_schemas_contacts.json';
import { HUBSPOT_APP, HUBSPOT_PORTAL, startSandbox, type Sandbox } from '../index';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.hubspot.reset();
});

const REDIRECT_URI = 'http://127.0.0.1:5555/oauth/callback';

/** A real `@hubspot/api-client` pointed at the sandbox, with a fresh install's token. */
function client(accessToken = sandbox.hubspot.grant().accessToken): Client {
  return new Client({ basePath: sandbox.url, accessToken, numberOfApiCallRetries: 0 });
}

interface ApiError {
  code: number;
  body: unknown;
  headers: Record<string, string>;
}

function stringMap(value: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return map;
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string') map[key] = item;
  }

  return map;
}

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    const code: unknown = error instanceof Error ? Reflect.get(error, 'code') : undefined;
    if (error instanceof Error && typeof code === 'number') {
      return {
        code,
        body: Reflect.get(error, 'body'),
        headers: stringMap(Reflect.get(error, 'headers')),
      };
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}

async function raw(method: string, path: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;

  return fetch(`${sandbox.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function contactInputs(count: number, prefix = 'p') {
  return Array.from({ length: count }, (_, index) => ({
    idProperty: 'email',
    id: `${prefix}${index}@example.com`,
    properties: { firstname: `First ${index}` },
  }));
}

describe('HubSpotEmulator', () => {
  describe('OAuth', () => {
    it('auto-approves the consent step and exchanges the code through the client', async () => {
      const authorize = new URL('/oauth/authorize', sandbox.url);
      authorize.search = new URLSearchParams({
        client_id: HUBSPOT_APP.clientId,
        redirect_uri: REDIRECT_URI,
        scope: 'oauth crm.objects.contacts.write',
        state: 'xyz',
      }).toString();

      const consent = await fetch(authorize, { redirect: 'manual' });
      const target = new URL(consent.headers.get('location') ?? '');
      const code = target.searchParams.get('code') ?? '';
      const hubspot = new Client({ basePath: sandbox.url, numberOfApiCallRetries: 0 });
      const exchange = () =>
        hubspot.oauth.tokensApi.create(
          'authorization_code',
          code,
          REDIRECT_URI,
          HUBSPOT_APP.clientId,
          HUBSPOT_APP.clientSecret,
        );
      const token = await exchange();

      expect(consent.status).toBe(302);
      expect(`${target.origin}${target.pathname}`).toBe(REDIRECT_URI);
      expect(target.searchParams.get('state')).toBe('xyz');
      expect(token).toMatchObject({ tokenType: 'bearer', expiresIn: 1800 });
      expect(token.refreshToken).toMatch(/^[0-9a-f-]{36}$/);
      const info = await hubspot.oauth.accessTokensApi.get(token.accessToken);
      expect(info).toMatchObject({
        hubId: HUBSPOT_PORTAL.id,
        appId: HUBSPOT_APP.id,
        scopes: ['oauth', 'crm.objects.contacts.write'],
      });
      expect((await apiError(exchange())).body).toMatchObject({ status: 'BAD_AUTH_CODE' });
    });

    it('refreshes with the same refresh token and answers BAD_REFRESH_TOKEN once revoked', async () => {
      const refreshToken = sandbox.hubspot.grantRefreshToken();
      const hubspot = new Client({ basePath: sandbox.url, numberOfApiCallRetries: 0 });
      const refresh = () =>
        hubspot.oauth.tokensApi.create(
          'refresh_token',
          undefined,
          undefined,
          HUBSPOT_APP.clientId,
          HUBSPOT_APP.clientSecret,
          refreshToken,
        );

      const token = await refresh();
      sandbox.hubspot.revokeGrants();
      const refused = await apiError(refresh());

      expect(token.refreshToken).toBe(refreshToken);
      expect(refused.code).toBe(400);
      expect(refused.body).toEqual({
        status: 'BAD_REFRESH_TOKEN',
        message: 'missing or invalid refresh token',
        correlationId: expect.any(String),
      });
      expect(refused.headers['content-type']).toBe('application/json;charset=utf-8');
    });

    it('issues tokens with the configured lifetime', async () => {
      sandbox.hubspot.configure({ accessTokenTtlSeconds: 60 });
      const response = await fetch(`${sandbox.url}/oauth/v1/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: HUBSPOT_APP.clientId,
          client_secret: HUBSPOT_APP.clientSecret,
          refresh_token: sandbox.hubspot.grantRefreshToken(),
        }),
      });

      expect(await response.json()).toMatchObject({ token_type: 'bearer', expires_in: 60 });
    });

    it('refuses a wrong client secret and an unknown grant type', async () => {
      const post = (params: Record<string, string>) =>
        fetch(`${sandbox.url}/oauth/v1/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(params),
        }).then((response) => response.json());

      await expect(
        post({
          grant_type: 'refresh_token',
          client_id: HUBSPOT_APP.clientId,
          client_secret: 'nope',
          refresh_token: 'x',
        }),
      ).resolves.toMatchObject({ status: 'BAD_CLIENT_SECRET' });
      await expect(post({ grant_type: 'password' })).resolves.toMatchObject({
        status: 'BAD_GRANT_TYPE',
      });
    });
  });

  describe('authentication', () => {
    it('answers INVALID_AUTHENTICATION for a missing or unknown token', async () => {
      const missing = await raw('GET', '/crm/v3/properties/contacts');
      const unknown = await apiError(
        client('not-a-token').crm.properties.coreApi.getAll('contacts'),
      );

      expect(missing.status).toBe(401);
      expect(await missing.json()).toMatchObject({ category: 'INVALID_AUTHENTICATION' });
      expect(unknown.code).toBe(401);
      expect(unknown.body).toMatchObject({
        status: 'error',
        category: 'INVALID_AUTHENTICATION',
        message: expect.stringContaining('Authentication credentials not found'),
      });
    });

    it('answers EXPIRED_AUTHENTICATION once the token is 30 minutes old', async () => {
      const hubspot = client();

      await expect(hubspot.crm.properties.coreApi.getAll('contacts')).resolves.toBeDefined();
      sandbox.hubspot.advanceClock(1800_000 + 5_000);
      const expired = await apiError(hubspot.crm.properties.coreApi.getAll('contacts'));

      expect(expired.code).toBe(401);
      expect(expired.body).toMatchObject({
        category: 'EXPIRED_AUTHENTICATION',
        message: 'The OAuth token used to make this call expired 5 second(s) ago.',
        context: { 'expire time': [expect.stringMatching(/Z$/)] },
      });
    });

    it('answers INVALID_AUTHENTICATION after the app was uninstalled', async () => {
      const hubspot = client();
      sandbox.hubspot.revokeGrants();

      const refused = await apiError(hubspot.crm.properties.coreApi.getAll('contacts'));

      expect(refused.body).toMatchObject({ category: 'INVALID_AUTHENTICATION' });
    });

    it('expires tokens after a number of calls, or at the next write', async () => {
      const hubspot = client();
      sandbox.hubspot.expireAccessTokensAfter(1);

      await hubspot.crm.properties.coreApi.getAll('contacts');
      const afterOne = await apiError(hubspot.crm.properties.coreApi.getAll('contacts'));

      const other = client();
      sandbox.hubspot.expireAccessTokensAtNextWrite();
      await other.crm.properties.coreApi.getAll('contacts');
      const atWrite = await apiError(
        other.crm.contacts.batchApi.upsert({ inputs: contactInputs(1) }),
      );

      expect(afterOne.body).toMatchObject({ category: 'EXPIRED_AUTHENTICATION' });
      expect(atWrite.body).toMatchObject({ category: 'EXPIRED_AUTHENTICATION' });
    });
  });

  describe('properties', () => {
    it('serves the captured contact properties and single properties', async () => {
      const hubspot = client();

      const all = await hubspot.crm.properties.coreApi.getAll('contacts');
      const byTypeId = await hubspot.crm.properties.coreApi.getAll('0-1');
      const email = await hubspot.crm.properties.coreApi.getByName('contacts', 'email');

      expect(all.results.map((property) => property.name)).toEqual(
        contactsSchema.properties.map((property) => property.name),
      );
      expect(byTypeId.results).toHaveLength(all.results.length);
      expect(email).toMatchObject({ name: 'email', type: 'string', fieldType: 'text' });
      const missing = await apiError(hubspot.crm.properties.coreApi.getByName('contacts', 'nope'));
      expect(missing.code).toBe(404);
    });

    it('drops a property deleted over the control surface', async () => {
      const response = await fetch(
        `${sandbox.url}/__sandbox/hubspot/properties/contacts/jobtitle`,
        {
          method: 'DELETE',
        },
      );
      const all = await client().crm.properties.coreApi.getAll('contacts');
      const gone = await apiError(
        client().crm.properties.coreApi.getByName('contacts', 'jobtitle'),
      );

      expect(response.status).toBe(204);
      expect(all.results.map((property) => property.name)).not.toContain('jobtitle');
      expect(gone.code).toBe(404);
    });

    it('serves company properties, domain included', async () => {
      const all = await client().crm.properties.coreApi.getAll('companies');

      expect(all.results.map((property) => property.name)).toEqual(
        expect.arrayContaining(['name', 'domain', 'industry', 'numberofemployees']),
      );
    });

    it('answers 400 for an object type HubSpot cannot infer', async () => {
      const refused = await apiError(client().crm.properties.coreApi.getAll('widgets'));

      expect(refused.code).toBe(400);
      expect(refused.body).toMatchObject({ message: 'Unable to infer object type from: widgets' });
    });
  });

  describe('validation', () => {
    it('wraps every invalid property in one VALIDATION_ERROR and writes nothing', async () => {
      const refused = await apiError(
        client().crm.contacts.batchApi.create({
          inputs: [
            {
              properties: {
                email: 'example.lcom',
                lifecyclestage: 'Lead',
                favourite_colour: 'blue',
                hs_object_id: '7',
              },
              associations: [],
            },
          ],
        }),
      );

      expect(refused.code).toBe(400);
      expect(refused.body).toMatchObject({
        status: 'error',
        category: 'VALIDATION_ERROR',
        message: expect.stringMatching(/^Property values were not valid: \[/),
      });
      const body = stringMap(refused.body);
      const inner: unknown = JSON.parse(
        body.message.slice('Property values were not valid: '.length),
      );
      expect(inner).toEqual([
        expect.objectContaining({
          isValid: false,
          error: 'INVALID_EMAIL',
          name: 'email',
          message: 'Email address example.lcom is invalid',
          portalId: HUBSPOT_PORTAL.id,
        }),
        expect.objectContaining({ error: 'INVALID_OPTION', name: 'lifecyclestage' }),
        expect.objectContaining({
          error: 'PROPERTY_DOESNT_EXIST',
          message: 'Property "favourite_colour" does not exist',
        }),
        expect.objectContaining({ error: 'READ_ONLY_VALUE', name: 'hs_object_id' }),
      ]);
      expect(refused.body).toMatchObject({
        errors: [
          { code: 'INVALID_EMAIL' },
          { code: 'INVALID_OPTION' },
          { code: 'PROPERTY_DOESNT_EXIST' },
          { code: 'READ_ONLY_VALUE' },
        ],
      });
      expect(sandbox.hubspot.records('contacts')).toHaveLength(0);
    });

    it('matches enumeration options exactly by their internal value', async () => {
      const hubspot = client();

      const accepted = await hubspot.crm.contacts.basicApi.create({
        properties: { email: 'stage@example.com', lifecyclestage: 'lead' },
        associations: [],
      });
      const refused = await apiError(
        hubspot.crm.contacts.basicApi.create({
          properties: { email: 'stage2@example.com', lifecyclestage: 'LEAD' },
          associations: [],
        }),
      );

      expect(accepted.properties.lifecyclestage).toBe('lead');
      expect(JSON.stringify(refused.body)).toContain(
        'LEAD was not one of the allowed options: [subscriber, lead, marketingqualifiedlead',
      );
    });
  });

  describe('batch writes', () => {
    it('creates contacts (201) with HubSpot-set properties, not in input order', async () => {
      const created = await client().crm.contacts.batchApi.create({
        inputs: [
          { properties: { email: 'A@Example.com', firstname: 'A' }, associations: [] },
          { properties: { email: 'b@example.com', firstname: 'B' }, associations: [] },
        ],
      });

      expect(created.status).toBe('COMPLETE');
      expect(created.results.map((result) => result.properties.email)).toEqual([
        'b@example.com',
        'a@example.com',
      ]);
      expect(created.results[1].properties).toMatchObject({
        hs_object_id: created.results[1].id,
        hs_email_domain: 'example.com',
        hs_is_contact: 'true',
        createdate: expect.stringMatching(/Z$/),
      });
      expect(created.results[0].createdAt).toBeInstanceOf(Date);
    });

    it('reports per-input failures as 207 …WithErrors when inputs carry trace ids', async () => {
      const response = await client().crm.contacts.batchApi.create({
        inputs: [
          { properties: { email: 'ok@example.com' }, objectWriteTraceId: 't-1' },
          { properties: { email: 'nope' }, objectWriteTraceId: 't-2' },
        ],
      });

      expect(response.results).toHaveLength(1);
      expect(response.results[0].objectWriteTraceId).toBe('t-1');
      expect(response).toMatchObject({
        numErrors: 1,
        errors: [
          {
            status: 'error',
            category: 'VALIDATION_ERROR',
            context: { objectWriteTraceId: ['t-2'] },
            errors: [{ code: 'INVALID_EMAIL', context: { propertyName: ['email'] } }],
          },
        ],
      });
    });

    it('answers 409 CONFLICT when a created contact’s email exists', async () => {
      const existing = sandbox.hubspot.seedRecord('contacts', { email: 'taken@example.com' });

      const refused = await apiError(
        client().crm.contacts.batchApi.create({
          inputs: [{ properties: { email: 'TAKEN@example.com' }, associations: [] }],
        }),
      );

      expect(refused.code).toBe(409);
      expect(refused.body).toMatchObject({
        category: 'CONFLICT',
        message: `Contact already exists. Existing ID: ${existing}`,
      });
    });

    it('upserts by email with the new flag', async () => {
      const hubspot = client();

      const first = await hubspot.crm.contacts.batchApi.upsert({ inputs: contactInputs(2) });
      const second = await hubspot.crm.contacts.batchApi.upsert({
        inputs: [{ idProperty: 'email', id: 'P0@EXAMPLE.com', properties: { lastname: 'Zero' } }],
      });

      expect(first.results.map((result) => result._new)).toEqual([true, true]);
      expect(second.results[0]).toMatchObject({
        _new: false,
        properties: { email: 'p0@example.com', lastname: 'Zero' },
      });
      expect(sandbox.hubspot.records('contacts')).toHaveLength(2);
    });

    it('refuses more than 100 inputs', async () => {
      const refused = await apiError(
        client().crm.contacts.batchApi.upsert({ inputs: contactInputs(101) }),
      );

      expect(refused.code).toBe(400);
      expect(refused.body).toMatchObject({ category: 'VALIDATION_ERROR' });
    });

    it('refuses duplicate ids in one batch, emails compared case-insensitively', async () => {
      const refused = await apiError(
        client().crm.contacts.batchApi.upsert({
          inputs: [
            { idProperty: 'email', id: 'a@x.com', properties: {} },
            { idProperty: 'email', id: 'A@x.com', properties: {} },
          ],
        }),
      );

      expect(refused.code).toBe(400);
      expect(refused.body).toMatchObject({
        category: 'VALIDATION_ERROR',
        message: 'Duplicate IDs found in batch input: [A@x.com]. IDs must be unique',
        context: { ids: ['A@x.com'] },
      });
    });

    it('refuses an idProperty whose values are not unique', async () => {
      const refused = await apiError(
        client().crm.contacts.batchApi.upsert({
          inputs: [{ idProperty: 'firstname', id: 'Jane', properties: {} }],
        }),
      );

      expect(refused.body).toMatchObject({
        message: `Unable to perform update/upsert by non-unique 0-1 property firstname in portal ID ${HUBSPOT_PORTAL.id}`,
      });
    });

    it('fails a whole upsert by email for one bad input unless partial upserts are on', async () => {
      const inputs = [
        { idProperty: 'email', id: 'good@example.com', properties: {}, objectWriteTraceId: '0' },
        { idProperty: 'email', id: 'bad', properties: {}, objectWriteTraceId: '1' },
      ];

      const whole = await apiError(client().crm.contacts.batchApi.upsert({ inputs }));
      sandbox.hubspot.configure({ partialUpsertByEmail: true });
      const partial = await client().crm.contacts.batchApi.upsert({ inputs });

      expect(whole.code).toBe(400);
      expect(partial).toMatchObject({ numErrors: 1, results: [{ objectWriteTraceId: '0' }] });
    });

    it('reports missing ids of a batch update as 207 OBJECT_NOT_FOUND', async () => {
      const id = sandbox.hubspot.seedRecord('contacts', { email: 'here@example.com' });

      const response = await client().crm.contacts.batchApi.update({
        inputs: [
          { id, properties: { jobtitle: 'CTO' } },
          { id: '999999', properties: { jobtitle: 'CTO' } },
        ],
      });

      expect(response.results).toHaveLength(1);
      expect(response.results[0].properties).toMatchObject({ jobtitle: 'CTO' });
      expect(response).toMatchObject({
        numErrors: 1,
        errors: [{ category: 'OBJECT_NOT_FOUND', context: { id: ['999999'] } }],
      });
    });

    it('reads a batch by email and reports the missing ones', async () => {
      sandbox.hubspot.seedRecord('contacts', { email: 'here@example.com', city: 'Lisbon' });

      const response = await client().crm.contacts.batchApi.read({
        idProperty: 'email',
        inputs: [{ id: 'HERE@example.com' }, { id: 'gone@example.com' }],
        properties: ['city', 'state'],
        propertiesWithHistory: [],
      });

      expect(response.results[0].properties).toMatchObject({ city: 'Lisbon', state: null });
      expect(response).toMatchObject({
        numErrors: 1,
        errors: [{ category: 'OBJECT_NOT_FOUND', context: { ids: ['gone@example.com'] } }],
      });
    });
  });

  describe('single objects and companies', () => {
    it('creates, reads by email, updates and lists contacts one by one', async () => {
      const hubspot = client();

      const created = await hubspot.crm.contacts.basicApi.create({
        properties: { email: 'one@example.com', firstname: 'One' },
        associations: [],
      });
      const read = await hubspot.crm.contacts.basicApi.getById(
        'ONE@example.com',
        ['firstname', 'city'],
        undefined,
        undefined,
        false,
        'email',
      );
      const updated = await hubspot.crm.contacts.basicApi.update(created.id, {
        properties: { city: 'Lisbon' },
      });
      const page = await hubspot.crm.contacts.basicApi.getPage(10);
      const missing = await apiError(hubspot.crm.contacts.basicApi.getById('424242'));

      expect(read).toMatchObject({ id: created.id, properties: { firstname: 'One', city: null } });
      expect(updated.properties).toMatchObject({ city: 'Lisbon' });
      expect(page.results.map((result) => result.id)).toEqual([created.id]);
      expect(missing.code).toBe(404);
      expect(missing.body).toMatchObject({ category: 'OBJECT_NOT_FOUND' });
    });

    it('refuses a company upsert by domain, which is not a unique property', async () => {
      const inputs = [{ idProperty: 'domain', id: 'acme.com', properties: { name: 'Acme' } }];

      const refused = await apiError(client().crm.companies.batchApi.upsert({ inputs }));
      sandbox.hubspot.overrideProperty('companies', 'domain', { hasUniqueValue: true });
      const accepted = await client().crm.companies.batchApi.upsert({ inputs });

      expect(refused.body).toMatchObject({
        category: 'VALIDATION_ERROR',
        message: `Unable to perform update/upsert by non-unique 0-2 property domain in portal ID ${HUBSPOT_PORTAL.id}`,
      });
      expect(accepted.results[0]).toMatchObject({
        _new: true,
        properties: { domain: 'acme.com', name: 'Acme', website: 'acme.com' },
      });
    });
  });

  describe('search', () => {
    it('finds by EQ and IN, case-insensitively, with paging', async () => {
      for (const domain of ['a.example', 'b.example', 'c.example']) {
        sandbox.hubspot.seedRecord('companies', { domain, name: domain });
      }
      const hubspot = client();

      const eq = await hubspot.crm.companies.searchApi.doSearch({
        filterGroups: [
          {
            filters: [
              { propertyName: 'domain', operator: FilterOperatorEnum.Eq, value: 'A.example' },
            ],
          },
        ],
        properties: ['domain'],
      });
      const page = await hubspot.crm.companies.searchApi.doSearch({
        filterGroups: [
          {
            filters: [
              {
                propertyName: 'domain',
                operator: FilterOperatorEnum.In,
                values: ['a.example', 'c.example'],
              },
            ],
          },
        ],
        limit: 1,
      });

      expect(eq.total).toBe(1);
      expect(eq.results[0].properties.domain).toBe('a.example');
      expect(page.total).toBe(2);
      expect(page.paging?.next?.after).toBe('1');
    });

    it('refuses a filter value with mismatched quotation marks', async () => {
      const refused = await apiError(
        client().crm.contacts.searchApi.doSearch({
          filterGroups: [
            { filters: [{ propertyName: 'email', operator: FilterOperatorEnum.Eq, value: 'a"b' }] },
          ],
        }),
      );

      expect(refused.code).toBe(400);
      expect(refused.body).toMatchObject({
        message: `Filter value 'a"b' has mismatched quotation marks`,
      });
    });

    it('does not see writes before the search index caught up', async () => {
      sandbox.hubspot.configure({ searchIndexDelayMs: 5_000 });
      sandbox.hubspot.seedRecord('contacts', { email: 'fresh@example.com' });
      const search = () =>
        client().crm.contacts.searchApi.doSearch({
          filterGroups: [
            {
              filters: [
                {
                  propertyName: 'email',
                  operator: FilterOperatorEnum.Eq,
                  value: 'fresh@example.com',
                },
              ],
            },
          ],
        });

      const before = await search();
      sandbox.hubspot.advanceClock(5_000);
      const after = await search();

      expect(before.total).toBe(0);
      expect(after.total).toBe(1);
    });

    it('limits search per second with the captured SECONDLY body and no rate headers', async () => {
      sandbox.hubspot.configure({ searchRequestsPerSecond: 1 });
      const request = { filterGroups: [] };

      const allowed = await raw(
        'POST',
        '/crm/v3/objects/contacts/search',
        request,
        sandbox.hubspot.grant().accessToken,
      );
      const refused = await apiError(client().crm.contacts.searchApi.doSearch(request));

      expect(allowed.status).toBe(200);
      expect(allowed.headers.get('x-hubspot-ratelimit-max')).toBeNull();
      expect(refused.code).toBe(429);
      expect(refused.body).toEqual({
        status: 'error',
        message: 'You have reached your secondly limit.',
        correlationId: expect.any(String),
        category: 'RATE_LIMITS',
      });
    });
  });

  describe('associations', () => {
    it('associates contacts to companies with the default type', async () => {
      const contactId = sandbox.hubspot.seedRecord('contacts', { email: 'a@acme.com' });
      const companyId = sandbox.hubspot.seedRecord('companies', { domain: 'acme.com' });

      const response = await client().crm.associations.v4.batchApi.createDefault(
        'contacts',
        'companies',
        { inputs: [{ _from: { id: contactId }, to: { id: companyId } }] },
      );

      expect(response).toMatchObject({
        status: 'COMPLETE',
        results: [
          {
            _from: { id: contactId },
            to: { id: companyId },
            associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 },
          },
        ],
      });
      expect(sandbox.hubspot.associations()).toEqual([
        { contactId, companyId, associationTypeId: 279 },
      ]);
      expect(sandbox.hubspot.record('contacts', contactId)?.properties.associatedcompanyid).toBe(
        companyId,
      );
    });

    it('refuses to associate an object that does not exist', async () => {
      const contactId = sandbox.hubspot.seedRecord('contacts', { email: 'a@acme.com' });

      const refused = await apiError(
        client().crm.associations.v4.batchApi.createDefault('contacts', 'companies', {
          inputs: [{ _from: { id: contactId }, to: { id: '1' } }],
        }),
      );

      expect(refused.code).toBe(400);
    });
  });

  describe('lists', () => {
    it('creates a manual list and adds records, reporting the missing ones', async () => {
      const id = sandbox.hubspot.seedRecord('contacts', { email: 'member@example.com' });
      const hubspot = client();

      const created = await hubspot.crm.lists.listsApi.create({
        name: 'Expo 2026',
        objectTypeId: '0-1',
        processingType: 'MANUAL',
      });
      const added = await hubspot.crm.lists.membershipsApi.add(created.list.listId, [id, '4242']);
      const again = await hubspot.crm.lists.membershipsApi.add(created.list.listId, [id]);

      expect(created.list).toMatchObject({ name: 'Expo 2026', processingType: 'MANUAL' });
      expect(added).toMatchObject({ recordsIdsAdded: [id], recordIdsMissing: ['4242'] });
      expect(again).toMatchObject({ recordsIdsAdded: [], recordIdsMissing: [] });
      expect(sandbox.hubspot.lists()[0].members).toEqual([id]);
    });

    it('refuses manual changes to a dynamic list and answers 404 for an unknown one', async () => {
      const dynamic = sandbox.hubspot.createList('Smart', 'DYNAMIC');
      const hubspot = client();

      const refused = await apiError(hubspot.crm.lists.membershipsApi.add(dynamic, ['1']));
      const missing = await apiError(hubspot.crm.lists.membershipsApi.add('9999', ['1']));

      expect(refused.code).toBe(400);
      expect(missing.code).toBe(404);
    });

    it('refuses a second list with the same name', async () => {
      sandbox.hubspot.createList('Expo');

      const refused = await apiError(
        client().crm.lists.listsApi.create({
          name: 'expo',
          objectTypeId: '0-1',
          processingType: 'MANUAL',
        }),
      );

      expect(refused.code).toBe(400);
    });
  });

  describe('rate limits', () => {
    it('sends the rate-limit headers and JSON content type on CRM answers', async () => {
      const response = await raw(
        'GET',
        '/crm/v3/properties/companies',
        undefined,
        sandbox.hubspot.grant().accessToken,
      );

      expect(response.headers.get('content-type')).toBe('application/json;charset=utf-8');
      expect(response.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
      expect(response.headers.get('x-hubspot-ratelimit-max')).toBe('100');
      expect(response.headers.get('x-hubspot-ratelimit-remaining')).toBe('99');
      expect(response.headers.get('x-hubspot-ratelimit-daily')).toBe('250000');
      expect(response.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('249999');
    });

    it('refuses calls over the rolling window with TEN_SECONDLY_ROLLING until it slides', async () => {
      sandbox.hubspot.configure({ requestsPerWindow: 2, windowMs: 10_000 });
      const hubspot = client();

      await hubspot.crm.properties.coreApi.getAll('contacts');
      sandbox.hubspot.advanceClock(4_000);
      await hubspot.crm.properties.coreApi.getAll('contacts');
      const refused = await apiError(hubspot.crm.properties.coreApi.getAll('contacts'));
      sandbox.hubspot.advanceClock(6_000);
      const slid = await hubspot.crm.properties.coreApi.getAll('contacts');

      expect(refused.code).toBe(429);
      expect(refused.headers['retry-after']).toBe('6');
      expect(refused.headers['x-hubspot-ratelimit-remaining']).toBe('0');
      expect(refused.body).toMatchObject({
        status: 'error',
        message: 'You have reached your ten_secondly_rolling limit.',
        errorType: 'RATE_LIMIT',
        policyName: 'TEN_SECONDLY_ROLLING',
        groupName: `publicapi:oauth:${HUBSPOT_APP.id}:${HUBSPOT_PORTAL.id}`,
      });
      expect(slid.results.length).toBeGreaterThan(0);
    });

    it('refuses calls once the daily allowance is spent', async () => {
      sandbox.hubspot.configure({ dailyLimit: 1, retryAfterOnRateLimit: false });
      const hubspot = client();

      await hubspot.crm.properties.coreApi.getAll('contacts');
      const refused = await apiError(hubspot.crm.properties.coreApi.getAll('contacts'));

      expect(refused.body).toMatchObject({ policyName: 'DAILY' });
      expect(refused.headers['retry-after']).toBeUndefined();
    });
  });

  describe('scenario switches, journal and controls', () => {
    it('answers the armed failure for the next N calls of a route, then recovers', async () => {
      const hubspot = client();
      sandbox.hubspot.failNext('contacts.batch.upsert', 2, 'INTERNAL_ERROR');

      const read = await hubspot.crm.properties.coreApi.getAll('contacts');
      const first = await apiError(
        hubspot.crm.contacts.batchApi.upsert({ inputs: contactInputs(1) }),
      );
      const second = await apiError(
        hubspot.crm.contacts.batchApi.upsert({ inputs: contactInputs(1) }),
      );
      const third = await hubspot.crm.contacts.batchApi.upsert({ inputs: contactInputs(1) });

      expect(read.results.length).toBeGreaterThan(0);
      expect([first.code, second.code]).toEqual([500, 500]);
      expect(third.results).toHaveLength(1);
      expect(sandbox.hubspot.scenarios()).toEqual([]);
    });

    it('arms crm.write for writes only, and BAD_REFRESH_TOKEN for the token endpoint only', async () => {
      const hubspot = client();
      sandbox.hubspot.failNext('crm.write', 1, 'LOCKED');

      await hubspot.crm.properties.coreApi.getAll('contacts');
      const locked = await apiError(
        hubspot.crm.contacts.batchApi.upsert({ inputs: contactInputs(1) }),
      );

      expect(locked.code).toBe(423);
      expect(() => sandbox.hubspot.failNext('crm', 1, 'BAD_REFRESH_TOKEN')).toThrow(RangeError);
      expect(() => sandbox.hubspot.failNext('oauth.token', 1, 'LOCKED')).toThrow(RangeError);
    });

    it('sends a text/html 502 like Cloudflare', async () => {
      sandbox.hubspot.failNext('crm', 1, 'BAD_GATEWAY');

      const refused = await apiError(client().crm.properties.coreApi.getAll('contacts'));

      expect(refused.code).toBe(502);
      expect(refused.headers['content-type']).toMatch(/^text\/html/);
      expect(refused.body).toEqual(expect.stringContaining('502 Bad Gateway'));
    });

    it('journals vendor calls with their route, body and status', async () => {
      await client().crm.contacts.batchApi.upsert({ inputs: contactInputs(1) });

      expect(sandbox.hubspot.journal()).toEqual([
        expect.objectContaining({
          method: 'POST',
          path: '/crm/v3/objects/contacts/batch/upsert',
          route: 'contacts.batch.upsert',
          status: 200,
          body: {
            inputs: [
              { idProperty: 'email', id: 'p0@example.com', properties: { firstname: 'First 0' } },
            ],
          },
        }),
      ]);
    });

    it('is driven over HTTP under /__sandbox/hubspot', async () => {
      const control = (method: string, path: string, body?: unknown) =>
        raw(method, `/__sandbox/hubspot${path}`, body);

      const grant: unknown = await (await control('POST', '/grants')).json();
      const accessToken = stringMap(grant).accessToken;
      const seeded = await control('POST', '/records/contacts', { email: 'seed@example.com' });
      const armed = await control('POST', '/scenarios', {
        route: 'crm',
        kind: 'TEN_SECONDLY_ROLLING',
        retryAfterSeconds: 2,
      });
      const limited = await raw('GET', '/crm/v3/properties/contacts', undefined, accessToken);
      const settings = await control('PATCH', '/settings', { requestsPerWindow: 5 });
      const records = await (await control('GET', '/records/contacts')).json();
      const vendors: unknown = await (await raw('GET', '/__sandbox')).json();
      const bad = await control('POST', '/scenarios', { route: 'nowhere', kind: 'LOCKED' });
      const reset = await control('POST', '/reset');

      expect(grant).toMatchObject({
        clientId: HUBSPOT_APP.clientId,
        refreshToken: expect.any(String),
      });
      expect(seeded.status).toBe(201);
      expect(armed.status).toBe(201);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('2');
      expect(await settings.json()).toMatchObject({ requestsPerWindow: 5 });
      expect(records).toEqual([
        expect.objectContaining({
          properties: expect.objectContaining({ email: 'seed@example.com' }),
        }),
      ]);
      expect(vendors).toEqual({ vendors: expect.arrayContaining(['hubspot']) });
      expect(bad.status).toBe(400);
      expect(reset.status).toBe(204);
      expect(sandbox.hubspot.records('contacts')).toEqual([]);
    });
  });
});
