import {
  sampleLeadsCsv,
  setUpSalesforceOrg,
  summary,
  waitFor,
  type SalesforceOrg,
} from '@app/demo';
import type {
  ActionProgress,
  ClearedLead,
  ErrorCategoryInfo,
  FailedCategoryGroup,
  FailedEventGroup,
  FailedLead,
  Page,
  PreSyncLead,
} from '@libs/reconciliation';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

function picklist(values: string[]) {
  return values.map((value) => ({ active: true, defaultValue: false, label: value, value }));
}

function lead(email: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    firstName: 'Bad',
    lastName: email.split('@')[0],
    email,
    company: { name: 'Acme' },
    isEnriched: true,
    ...extra,
  };
}

describe('Reconciliation of failed leads (Salesforce)', () => {
  let t: TestPlatform;
  let org: SalesforceOrg;
  let base: string;

  beforeAll(async () => {
    t = await startTestPlatform({ queue: 'redis' });
    t.sandbox.salesforce.reset();
    t.sandbox.salesforce.overrideField('Lead', 'Rating', {
      restrictedPicklist: true,
      picklistValues: picklist(['Hot', 'Warm', 'Cold']),
    });
    org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
    base = `/v1/connections/${org.connectionId}/reconciliation`;

    await org.api.importCsv(org.eventId, sampleLeadsCsv());
    const longCompany = { company: { name: 'C'.repeat(300) } };
    await org.api.ok('POST', '/v1/leads', {
      eventId: org.eventId,
      ...lead('long1@example.com', longCompany),
    });
    await org.api.ok('POST', '/v1/leads', {
      eventId: org.eventId,
      ...lead('long2@example.com', longCompany),
    });
    await org.api.ok('POST', '/v1/leads', {
      eventId: org.eventId,
      ...lead('warmish@example.com', { rating: 'Lukewarm' }),
    });
    await org.api.ok('POST', '/v1/leads', {
      eventId: org.eventId,
      ...lead('nolast@example.com', { lastName: undefined }),
    });

    await waitFor(async () => {
      const current = await summary(org);

      return current.total === 26 && current.preSync.total === 0 ? current : undefined;
    }, '26 leads to settle');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('groups the failed leads by category with the fix, the help link and the vendor codes', async () => {
    const groups = await org.api.ok<FailedCategoryGroup[]>('GET', `${base}/failed/by-category`);

    expect(groups.map(({ code, count }) => ({ code, count }))).toEqual([
      { code: 'DATA_VALUE_VALIDATION', count: 3 },
      { code: 'REQUIRED_FIELD_MISSING', count: 1 },
    ]);
    expect(groups[0]).toMatchObject({
      retriedByHost: false,
      helpUrl: '/v1/error-categories/DATA_VALUE_VALIDATION/help',
      vendorCodes: [
        { vendorCode: 'STRING_TOO_LONG', count: 2 },
        // Caught by the pre-flight against the cached describe, before any write.
        { vendorCode: 'INVALID_PICKLIST_VALUE', count: 1 },
      ],
    });
    expect(groups[0].fix).toEqual(expect.any(String));
  });

  it('lists each failed lead with its category, the vendor code and message, and the field', async () => {
    const page = await org.api.ok<Page<FailedLead>>('GET', `${base}/failed?limit=2`);
    expect(page.total).toBe(4);
    expect(page.items).toHaveLength(2);

    const missing = await org.api.ok<Page<FailedLead>>(
      'GET',
      `${base}/failed?category=REQUIRED_FIELD_MISSING`,
    );
    expect(missing.items).toEqual([
      expect.objectContaining({
        email: 'nolast@example.com',
        category: 'REQUIRED_FIELD_MISSING',
        vendorCode: 'REQUIRED_FIELD_MISSING',
        field: 'LastName',
        vendorMessage: expect.stringContaining('LastName'),
        failedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      }),
    ]);

    const events = await org.api.ok<FailedEventGroup[]>('GET', `${base}/failed/by-event`);
    expect(events).toEqual([expect.objectContaining({ eventId: org.eventId, count: 4 })]);
  });

  it('lists the cleared leads with their remote ids', async () => {
    const cleared = await org.api.ok<Page<ClearedLead>>('GET', `${base}/cleared?limit=500`);

    expect(cleared.total).toBe(22);
    const remote = new Set(t.sandbox.salesforce.records('Lead').map((record) => record.Id));
    expect(cleared.items.every((item) => remote.has(item.remoteIds.Lead))).toBe(true);
  });

  it('serves the error categories and their help pages', async () => {
    const categories = await org.api.ok<ErrorCategoryInfo[]>('GET', '/v1/error-categories');
    expect(categories).toHaveLength(12);
    expect(categories.find((category) => category.code === 'RATE_LIMITED')).toMatchObject({
      retriedByHost: true,
    });

    const help = await org.api.request<string>('GET', '/v1/error-categories/AUTH_INVALID/help');
    expect(help.status).toBe(200);
    expect(help.contentType).toContain('text/markdown');
    expect(help.body).toContain('# `AUTH_INVALID`');

    const unknown = await org.api.request('GET', '/v1/error-categories/NOT_A_CATEGORY');
    expect(unknown.status).toBe(404);
  });

  it('refuses a retry that selects nothing, naming the field', async () => {
    const empty = await org.api.request<{ errors: { field: string }[] }>(
      'POST',
      `${base}/retry`,
      {},
    );
    expect(empty.status).toBe(422);
    expect(empty.body.errors[0].field).toBe('leadIds');

    const bad = await org.api.request<{ errors: { field: string }[] }>('POST', `${base}/retry`, {
      category: 'SOMETHING',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('category');
  });

  it('clears a whole category once its cause is fixed in Salesforce, and reports progress', async () => {
    // Another category retried before the fix re-reads the schema while it is still unfixed.
    const early = await org.api.ok<ActionProgress>('POST', `${base}/retry`, {
      category: 'REQUIRED_FIELD_MISSING',
    });
    expect(early.total).toBe(1);
    await waitFor(async () => {
      const progress = await org.api.ok<ActionProgress>('GET', `${base}/actions/${early.id}`);

      return progress.done ? progress : undefined;
    }, 'the early retry to finish');

    t.sandbox.salesforce.overrideField('Lead', 'Company', { length: 400 });
    t.sandbox.salesforce.overrideField('Lead', 'Rating', {
      restrictedPicklist: true,
      picklistValues: picklist(['Hot', 'Warm', 'Cold', 'Lukewarm']),
    });

    const started = await org.api.ok<ActionProgress>('POST', `${base}/retry`, {
      category: 'DATA_VALUE_VALIDATION',
    });
    expect(started.total).toBe(3);

    const finished = await waitFor(async () => {
      const progress = await org.api.ok<ActionProgress>('GET', `${base}/actions/${started.id}`);

      return progress.done ? progress : undefined;
    }, 'the retry to finish');
    expect(finished).toMatchObject({ total: 3, cleared: 3, failed: 0, pending: 0 });

    expect(await summary(org)).toMatchObject({ cleared: 25, failed: 1 });
    const emails = t.sandbox.salesforce.records('Lead').map((record) => record.Email);
    expect(emails).toEqual(
      expect.arrayContaining(['long1@example.com', 'long2@example.com', 'warmish@example.com']),
    );
    expect(emails).toHaveLength(25);
  });

  it('tells why each pre-sync lead waits', async () => {
    await org.api.ok('PUT', `/v1/connections/${org.connectionId}/sync-mode`, { mode: 'manual' });
    await org.api.ok('POST', '/v1/leads', { eventId: org.eventId, ...lead('held@example.com') });

    const waiting = await waitFor(async () => {
      const page = await org.api.ok<Page<PreSyncLead>>('GET', `${base}/pre-sync`);

      return page.total === 1 ? page : undefined;
    }, 'the held lead');
    expect(waiting.items[0]).toMatchObject({
      email: 'held@example.com',
      state: 'frozen',
      reason: expect.stringContaining('manually'),
    });
  });
});
