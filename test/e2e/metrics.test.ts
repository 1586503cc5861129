import { setUpSalesforceOrg, summary, waitFor } from '@app/demo';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

/** The value of one sample of the exposition, e.g. `mobly_leads{…state="cleared"…}`. */
function sample(exposition: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = exposition
    .split('\n')
    .find((row) => row.startsWith(`${name}{`) && wanted.every((label) => row.includes(label)));

  return line ? Number(line.split(' ').at(-1)) : NaN;
}

describe('Metrics and health', () => {
  let t: TestPlatform;

  beforeAll(async () => {
    t = await startTestPlatform({ queue: 'redis' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('exposes leads by state and category, connector calls, 429s, latency and queue depth', async () => {
    const org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
    t.sandbox.salesforce.failNext('collections.create', 1, 'REQUEST_LIMIT_EXCEEDED');
    for (const [email, company] of [
      ['m1@example.com', 'Acme'],
      ['m2@example.com', 'C'.repeat(300)],
      ['m3@example.com', 'Acme'],
    ]) {
      await org.api.ok('POST', '/v1/leads', {
        eventId: org.eventId,
        lastName: 'Metric',
        email,
        company: { name: company },
        isEnriched: true,
      });
    }
    await waitFor(async () => {
      const current = await summary(org);

      return current.total === 3 && current.preSync.total === 0 ? current : undefined;
    }, 'the leads to settle');

    expect((await org.api.request('GET', '/metrics')).status).toBe(403);
    const scrape = await t.staff.request<string>('GET', '/metrics');
    expect(scrape.status).toBe(200);
    expect(scrape.contentType).toContain('text/plain');
    const text = scrape.body;

    const salesforce = { connector: 'salesforce' };
    expect(sample(text, 'mobly_leads', { ...salesforce, state: 'cleared', category: '' })).toBe(2);
    expect(
      sample(text, 'mobly_leads', {
        ...salesforce,
        state: 'failed',
        category: 'DATA_VALUE_VALIDATION',
      }),
    ).toBe(1);
    expect(sample(text, 'mobly_connections', { ...salesforce, status: 'connected' })).toBe(1);
    expect(sample(text, 'mobly_vendor_rate_limited_total', salesforce)).toBe(1);
    expect(
      sample(text, 'mobly_connector_calls_total', {
        ...salesforce,
        operation: 'upsert',
        outcome: 'rate_limited',
      }),
    ).toBe(1);
    expect(
      sample(text, 'mobly_connector_calls_total', {
        ...salesforce,
        operation: 'upsert',
        outcome: 'ok',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'mobly_sync_latency_seconds_count', salesforce)).toBe(2);
    expect(text).toContain('# TYPE mobly_sync_latency_seconds histogram');
    expect(sample(text, 'mobly_sync_latency_seconds_bucket', { ...salesforce, le: '+Inf' })).toBe(
      2,
    );
    for (const state of ['waiting', 'active', 'delayed', 'prioritized', 'failed']) {
      expect(sample(text, 'mobly_queue_jobs', { queue: 'sync', state })).toBeGreaterThanOrEqual(0);
    }
  });

  it('reports database, queue and connection auth states on /health', async () => {
    const health = await t.api.request<{
      status: string;
      checks: { connections: Record<string, number> };
    }>('GET', '/health');

    expect(health.status).toBe(200);
    expect(health.body.status).toBe('up');
    expect(health.body.checks.connections.connected).toBeGreaterThanOrEqual(1);
  });
});
