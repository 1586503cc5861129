import { Client } from 'pg';
import {
  approveAtVendor,
  arriveAtCallback,
  callbackUrl,
  connectWithOAuth,
  startAuthorization,
  waitFor,
  type ApiClient,
  type Summary,
} from '@app/demo';
import { HUBSPOT_APP, SALESFORCE_CONNECTED_APP, SLACK_APP } from '@app/sandbox';
import { EntityManager } from '@mikro-orm/postgresql';
import { ConnectionsService } from '@libs/connections';
import { runInOrgScope } from '@libs/core';
import { startPlatform } from '@libs/platform';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

interface Problem {
  status: number;
  code: string;
  detail: string;
  reason?: string;
}

interface Connection {
  id: string;
  integration: string;
  status: string;
  problem: { category: string } | null;
}

function entryBody(entry: { body: unknown }): Record<string, unknown> {
  return typeof entry.body === 'object' && entry.body !== null
    ? (entry.body as Record<string, unknown>)
    : {};
}

describe('OAuth connect flow through the API', () => {
  let t: TestPlatform;
  let api: ApiClient;

  const salesforceRequest = () => ({
    settings: { loginUrl: t.sandbox.url },
    credentials: {
      clientId: SALESFORCE_CONNECTED_APP.clientId,
      clientSecret: SALESFORCE_CONNECTED_APP.clientSecret,
    },
  });
  const hubspotRequest = () => ({
    settings: { baseUrl: t.sandbox.url, authorizeUrl: `${t.sandbox.url}/oauth/authorize` },
    credentials: { clientId: HUBSPOT_APP.clientId, clientSecret: HUBSPOT_APP.clientSecret },
  });
  const slackRequest = () => ({
    settings: {
      apiUrl: `${t.sandbox.url}/api/`,
      authorizeUrl: `${t.sandbox.url}/api/oauth/v2/authorize`,
      channel: 'C07LEADS001',
    },
    credentials: { clientId: SLACK_APP.clientId, clientSecret: SLACK_APP.clientSecret },
  });

  async function sql(text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    const client = new Client({ connectionString: t.database.url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows;
    } finally {
      await client.end();
    }
  }

  async function expectRefused(callback: URL, reason: string): Promise<Problem> {
    const arrived = await arriveAtCallback<Problem>(callback);
    expect(arrived.status).toBe(400);
    expect(arrived.contentType).toContain('application/problem+json');
    expect(arrived.body).toMatchObject({ code: 'oauth_state_refused', reason });

    return arrived.body;
  }

  beforeAll(async () => {
    t = await startTestPlatform();
    const org = await t.staff.ok<{ apiKey: string }>('POST', '/v1/orgs', { name: 'OAuth org' });
    api = t.api.withKey(org.apiKey);
  });

  afterAll(async () => {
    await t?.close();
  });

  beforeEach(() => {
    t.sandbox.salesforce.reset();
    t.sandbox.hubspot.reset();
    t.sandbox.slack.reset();
  });

  it('connects Salesforce with a PKCE (S256) code flow', async () => {
    const started = await startAuthorization(api, 'salesforce', salesforceRequest());
    const authorize = new URL(started.authorizeUrl);
    expect(started.pkce).toBe(true);
    expect(authorize.origin + authorize.pathname).toBe(
      `${t.sandbox.url}/services/oauth2/authorize`,
    );
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: SALESFORCE_CONNECTED_APP.clientId,
      redirect_uri: callbackUrl(api),
      state: started.state,
      code_challenge_method: 'S256',
    });
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const callback = await approveAtVendor(started.authorizeUrl);
    const arrived = await arriveAtCallback<Connection>(callback);

    expect(arrived.status).toBe(200);
    expect(arrived.body).toMatchObject({ integration: 'salesforce', status: 'connected' });
    const exchange = t.sandbox.salesforce
      .journal()
      .map(entryBody)
      .find((body) => body.grant_type === 'authorization_code');
    expect(exchange).toMatchObject({ redirect_uri: callbackUrl(api) });
    expect(exchange?.code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('connects HubSpot and Slack, which take no PKCE', async () => {
    const hubspot = await connectWithOAuth(api, 'hubspot', hubspotRequest());
    const slack = await connectWithOAuth(api, 'slack', slackRequest());

    expect(hubspot).toMatchObject({ integration: 'hubspot', status: 'connected' });
    expect(slack).toMatchObject({ integration: 'slack', status: 'connected' });
    const credentials = t.platform.app.get(ConnectionsService);
    expect(Object.keys(await credentials.credentialsOf(hubspot.id)).sort()).toEqual(
      ['accessToken', 'clientId', 'clientSecret', 'expiresAt', 'refreshToken'].sort(),
    );
    expect(await credentials.credentialsOf(slack.id)).toMatchObject({
      botToken: expect.stringMatching(/^xox/),
      clientId: SLACK_APP.clientId,
    });
  });

  it('refuses a replayed state, and the code behind it is not exchanged twice', async () => {
    const started = await startAuthorization(api, 'hubspot', hubspotRequest());
    const callback = await approveAtVendor(started.authorizeUrl);
    expect((await arriveAtCallback(callback)).status).toBe(200);
    const exchanges = () =>
      t.sandbox.hubspot.journal().filter((entry) => entry.path === '/oauth/v1/token').length;
    const before = exchanges();

    const problem = await expectRefused(callback, 'replayed');

    expect(problem.detail).toMatch(/already used/);
    expect(exchanges()).toBe(before);
  });

  it('refuses a forged state: unsigned, re-signed, or naming another state', async () => {
    const started = await startAuthorization(api, 'slack', slackRequest());
    const callback = await approveAtVendor(started.authorizeUrl);
    const [id, keyId, signature] = started.state.split('.');
    const forged = [
      'not-a-state',
      `${id}.${keyId}.${signature.slice(1)}A`,
      `${crypto.randomUUID()}.${keyId}.${signature}`,
    ];

    for (const state of forged) {
      const tampered = new URL(callback);
      tampered.searchParams.set('state', state);
      const problem = await expectRefused(tampered, 'forged');
      expect(problem.detail).toMatch(/not issued by this platform/);
    }
    const missing = new URL(callback);
    missing.searchParams.delete('state');
    await expectRefused(missing, 'missing');

    // The genuine state is still good after the forgeries.
    expect((await arriveAtCallback(callback)).status).toBe(200);
  });

  it('refuses an expired state', async () => {
    const started = await startAuthorization(api, 'salesforce', salesforceRequest());
    const callback = await approveAtVendor(started.authorizeUrl);
    await sql(`UPDATE oauth_states SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      started.state.split('.')[0],
    ]);

    const problem = await expectRefused(callback, 'expired');

    expect(problem.detail).toMatch(/expired/);
    const exchanges = t.sandbox.salesforce
      .journal()
      .filter((entry) => entryBody(entry).grant_type === 'authorization_code');
    expect(exchanges).toHaveLength(0);
  });

  it('accepts only redirect URIs from OAUTH_REDIRECT_URIS and flows with an app', async () => {
    const refused = await api.request<Problem & { errors: { field: string }[] }>(
      'POST',
      '/v1/connections/hubspot/authorize',
      { ...hubspotRequest(), redirectUri: 'https://attacker.example/v1/oauth/callback' },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'redirectUri' })]);

    const noSecret = await api.request<Problem & { errors: { field: string }[] }>(
      'POST',
      '/v1/connections/hubspot/authorize',
      { ...hubspotRequest(), credentials: { clientId: HUBSPOT_APP.clientId } },
    );
    expect(noSecret.status).toBe(422);
    expect(noSecret.body.errors).toEqual([
      expect.objectContaining({ field: 'credentials.clientSecret' }),
    ]);

    const catalogue = await api.ok<{
      categories: { integrations: { id: string; oauth: { pkce: boolean } | null }[] }[];
    }>('GET', '/v1/integrations');
    const oauth = Object.fromEntries(
      catalogue.categories.flatMap((group) =>
        group.integrations.map((card) => [card.id, card.oauth?.pkce ?? null]),
      ),
    );
    // The legacy integrations connect with direct credentials, never through OAuth.
    expect(oauth).toEqual({
      salesforce: true,
      hubspot: false,
      slack: false,
      marketo: null,
      'legacy-salesforce': null,
      'legacy-hubspot': null,
    });

    const marketo = await api.request<Problem>('POST', '/v1/connections/marketo/authorize', {});
    expect(marketo.status).toBe(400);
    expect(marketo.body.detail).toMatch(/does not connect with OAuth/);
  });

  it('reports a vendor error sent back to the callback and uses up the state', async () => {
    const started = await startAuthorization(api, 'hubspot', hubspotRequest());
    const denied = new URL(callbackUrl(api));
    denied.searchParams.set('error', 'access_denied');
    denied.searchParams.set('state', started.state);

    const arrived = await arriveAtCallback<Problem>(denied);

    expect(arrived.status).toBe(400);
    expect(arrived.body.detail).toMatch(/HubSpot did not authorise: access_denied/);
    await expectRefused(denied, 'replayed');
  });

  it('re-authorises a connection whose refresh token died; its held leads then sync', async () => {
    const connection = await connectWithOAuth(api, 'salesforce', salesforceRequest());
    await api.ok('POST', `/v1/connections/${connection.id}/mappings/Lead/defaults`);
    const event = await api.ok<{ id: string }>('POST', '/v1/events', { name: 'Reauth Expo' });
    t.sandbox.salesforce.revokeGrants();

    await api.ok('POST', '/v1/leads', {
      eventId: event.id,
      firstName: 'Held',
      lastName: 'Lead',
      email: 'held.oauth@example.com',
      company: { name: 'Acme' },
      isEnriched: true,
    });
    const stuck = await waitFor(async () => {
      const current = await api.ok<Connection>('GET', `/v1/connections/${connection.id}`);

      return current.status === 'needs_reauth' ? current : undefined;
    }, 'the connection to need re-authorisation');
    expect(stuck.problem).toMatchObject({ category: 'AUTH_INVALID' });
    // The batch that met the dead token puts its lead back in the queue once it is recorded.
    const held = await waitFor(async () => {
      const summary = await api.ok<Summary>(
        'GET',
        `/v1/connections/${connection.id}/reconciliation/summary`,
      );

      return summary.preSync.queued === 1 ? summary : undefined;
    }, 'the lead to be held in the queue');
    expect(held).toMatchObject({ failed: 0, preSync: { queued: 1 } });

    const again = await connectWithOAuth(api, 'salesforce', { connectionId: connection.id });

    expect(again).toMatchObject({ id: connection.id, status: 'connected', problem: null });
    await waitFor(async () => {
      const summary = await api.ok<Summary>(
        'GET',
        `/v1/connections/${connection.id}/reconciliation/summary`,
      );

      return summary.cleared === 1 ? summary : undefined;
    }, 'the held lead to sync');
    expect(t.sandbox.salesforce.records('Lead').map((record) => record.Email)).toContain(
      'held.oauth@example.com',
    );
  });

  describe('token refresh', () => {
    const refreshes = (entries: { path: string; body: unknown }[], path: string) =>
      entries.filter(
        (entry) => entry.path === path && entryBody(entry).grant_type === 'refresh_token',
      ).length;

    async function testConcurrently(connectionId: string, times: number): Promise<boolean[]> {
      const results = await Promise.all(
        Array.from({ length: times }, () =>
          api.ok<{ ok: boolean }>('POST', `/v1/connections/${connectionId}/test`),
        ),
      );

      return results.map((result) => result.ok);
    }

    it('refreshes an expired HubSpot token once for 10 concurrent calls and keeps the rotated refresh token', async () => {
      t.sandbox.hubspot.configure({ refreshTokenRotation: true });
      const connection = await connectWithOAuth(api, 'hubspot', hubspotRequest());
      const credentials = t.platform.app.get(ConnectionsService);
      const first = await credentials.credentialsOf(connection.id);
      t.sandbox.hubspot.expireAccessTokens();
      t.sandbox.hubspot.clearJournal();

      expect(await testConcurrently(connection.id, 10)).toEqual(Array(10).fill(true));

      expect(refreshes(t.sandbox.hubspot.journal(), '/oauth/v1/token')).toBe(1);
      const second = await credentials.credentialsOf(connection.id);
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.accessToken).not.toBe(first.accessToken);

      // The rotated refresh token was kept: the next expiry refreshes with it.
      t.sandbox.hubspot.expireAccessTokens();
      expect(await testConcurrently(connection.id, 10)).toEqual(Array(10).fill(true));
      expect(refreshes(t.sandbox.hubspot.journal(), '/oauth/v1/token')).toBe(2);
    });

    it('refreshes once for 10 concurrent calls split between two platform processes', async () => {
      const connection = await connectWithOAuth(api, 'hubspot', hubspotRequest());
      // A second process on the same database: its own ORM, pools and connector clients.
      const other = await startPlatform({
        environment: t.environment,
        http: false,
        workers: false,
      });
      try {
        const service = other.app.get(ConnectionsService);
        const em = other.app.get(EntityManager);
        const viaOther = () =>
          runInOrgScope(em, { allOrgs: true }, async () =>
            (await service.clientFor(connection.id)).testConnection(),
          );
        t.sandbox.hubspot.expireAccessTokens();
        t.sandbox.hubspot.clearJournal();

        const [here, there] = await Promise.all([
          testConcurrently(connection.id, 5),
          Promise.all(Array.from({ length: 5 }, viaOther)),
        ]);

        expect(here).toEqual(Array(5).fill(true));
        expect(there.map((result) => result.ok)).toEqual(Array(5).fill(true));
        expect(refreshes(t.sandbox.hubspot.journal(), '/oauth/v1/token')).toBe(1);
      } finally {
        await other.close();
      }
    });

    it('refreshes an expired Salesforce session once for 10 concurrent calls', async () => {
      t.sandbox.salesforce.setRefreshTokenRotation(true);
      const connection = await connectWithOAuth(api, 'salesforce', salesforceRequest());
      t.sandbox.salesforce.expireAccessTokens();
      t.sandbox.salesforce.clearJournal();

      expect(await testConcurrently(connection.id, 10)).toEqual(Array(10).fill(true));

      expect(refreshes(t.sandbox.salesforce.journal(), '/services/oauth2/token')).toBe(1);
      t.sandbox.salesforce.expireAccessTokens();
      expect(await testConcurrently(connection.id, 3)).toEqual([true, true, true]);
      expect(refreshes(t.sandbox.salesforce.journal(), '/services/oauth2/token')).toBe(2);
    });
  });
});
