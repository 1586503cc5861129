import { ApiClient, setUpSalesforceOrg, summary, waitFor, type SalesforceOrg } from '@app/demo';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

interface QueueList {
  queues: { name: string; counts: Record<string, number> }[];
}

describe.each(['redis', 'postgres'] as const)('Queue dashboard for staff (%s queue)', (queue) => {
  let t: TestPlatform;
  let org: SalesforceOrg;
  let rep: ApiClient;

  /** A request as a browser sends it: a cookie at most, no bearer header, no redirects followed. */
  async function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
    const response = await fetch(`${t.platform.url}${path}`, {
      method,
      headers,
      redirect: 'manual',
    });

    return { response, text: await response.text() };
  }

  async function login(): Promise<string> {
    const link = await t.staff.ok<{ url: string; expiresAt: string }>(
      'POST',
      '/v1/admin/queue-dashboard/logins',
    );
    expect(new Date(link.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const url = new URL(link.url);
    const opened = await get(`${url.pathname}${url.search}`);
    expect(opened.response.status).toBe(303);
    expect(opened.response.headers.get('location')).toBe('/admin/queues/');
    const cookie = opened.response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/admin\/queues/);

    return cookie.split(';')[0];
  }

  beforeAll(async () => {
    t = await startTestPlatform({ queue });
    org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
    const repKey = await org.api.ok<{ apiKey: string }>('POST', '/v1/api-keys', {
      role: 'rep',
      name: 'rep',
    });
    rep = org.api.withKey(repKey.apiKey);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists the sync and alerts queues with their job counts to a staff key', async () => {
    await org.api.ok('POST', '/v1/leads', {
      eventId: org.eventId,
      lastName: 'Queued',
      email: 'queued@example.com',
      company: { name: 'Acme' },
      isEnriched: true,
    });
    await waitFor(async () => ((await summary(org)).cleared === 1 ? true : undefined), 'the lead');

    const { status, body: list } = await t.staff.request<QueueList>(
      'GET',
      '/admin/queues/api/queues',
    );
    expect(status).toBe(200);
    expect(list.queues.map((entry) => entry.name).sort()).toEqual(['alerts', 'sync']);
    const sync = list.queues.find((entry) => entry.name === 'sync');
    const jobs = Object.values(sync?.counts ?? {}).reduce((sum, count) => sum + count, 0);
    expect(jobs).toBeGreaterThanOrEqual(1);
  });

  it('serves the dashboard page and its assets to a staff key', async () => {
    const page = await t.staff.request<string>('GET', '/admin/queues/');
    expect(page.status).toBe(200);
    expect(page.contentType).toContain('text/html');
    expect(page.body).toContain('<base href="/admin/queues/"');
    expect(page.body).toContain('<title>Mobly queues</title>');

    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.body)?.[1];
    const asset = await t.staff.request('GET', `/admin/queues/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.contentType).toContain('javascript');
  });

  it('refuses org admins, reps and callers without a credential', async () => {
    for (const path of [
      '/admin/queues/',
      '/admin/queues/api/queues',
      '/admin/queues/static/favicon-32x32.png',
    ]) {
      const anonymous = await get(path);
      expect(anonymous.response.status).toBe(401);
      expect(anonymous.response.headers.get('www-authenticate')).toContain('Bearer');
      expect(anonymous.response.headers.get('content-type')).toContain('application/problem+json');

      expect((await org.api.request('GET', path)).status).toBe(403);
      expect((await rep.request('GET', path)).status).toBe(403);
      expect((await t.api.withKey('mob_not_a_key').request('GET', path)).status).toBe(401);
    }
    for (const caller of [org.api, rep]) {
      expect((await caller.request('POST', '/v1/admin/queue-dashboard/logins')).status).toBe(403);
    }
    expect((await t.api.request('POST', '/v1/admin/queue-dashboard/logins')).status).toBe(401);
  });

  it('opens a browser session from a staff login link: page, assets and API by cookie', async () => {
    const cookie = await login();

    const page = await get('/admin/queues/', { cookie });
    expect(page.response.status).toBe(200);
    const style = /href="(static\/css\/main\.[^"]+\.css)"/.exec(page.text)?.[1];
    expect((await get(`/admin/queues/${style}`, { cookie })).response.status).toBe(200);
    const api = await get('/admin/queues/api/queues', { cookie });
    expect(api.response.status).toBe(200);
    expect((JSON.parse(api.text) as QueueList).queues).toHaveLength(2);

    // A changing request from another site is refused even with the cookie.
    const foreign = await get(
      '/admin/queues/api/queues/sync/pause',
      { cookie, origin: 'https://evil.example' },
      'PUT',
    );
    expect(foreign.response.status).toBe(403);
  });

  it('refuses forged and reused-as-session tickets', async () => {
    const link = await t.staff.ok<{ url: string }>('POST', '/v1/admin/queue-dashboard/logins');
    const ticket = new URL(link.url).searchParams.get('ticket') as string;
    const forged = `${ticket.slice(0, -2)}xx`;

    expect((await get(`/admin/queues/login?ticket=${forged}`)).response.status).toBe(401);
    expect((await get('/admin/queues/login')).response.status).toBe(401);
    // The ticket itself is not a session.
    const asCookie = await get('/admin/queues/api/queues', {
      cookie: `mobly_queue_dashboard=${ticket}`,
    });
    expect(asCookie.response.status).toBe(401);
  });
});

describe('Queue dashboard behind a reverse proxy', () => {
  let t: TestPlatform;

  beforeAll(async () => {
    t = await startTestPlatform({ env: { PUBLIC_URL: 'https://mobly.example/platform' } });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('builds its login link, redirect, cookie and page base under PUBLIC_URL', async () => {
    const link = await t.staff.ok<{ url: string }>('POST', '/v1/admin/queue-dashboard/logins');
    const url = new URL(link.url);
    expect(`${url.origin}${url.pathname}`).toBe(
      'https://mobly.example/platform/admin/queues/login',
    );

    // The proxy takes `/platform` off before the request reaches the API.
    const opened = await fetch(`${t.platform.url}/admin/queues/login${url.search}`, {
      redirect: 'manual',
    });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/platform/admin/queues/');
    const cookie = opened.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/Path=\/platform\/admin\/queues(;|$)/);
    expect(cookie).toMatch(/Secure/i);

    const page = await fetch(`${t.platform.url}/admin/queues/`, {
      headers: { cookie: cookie.split(';')[0] },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<base href="/platform/admin/queues/"');
  });
});
