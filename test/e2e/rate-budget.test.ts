import { setUpOrg, summary, waitFor, type SalesforceOrg, type Summary } from '@app/demo';
import { startPlatform, type RunningPlatform } from '@libs/platform';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

/** Small limits, so a few dozen leads span several windows. */
const WINDOW = { requests: 4, ms: 2_000 };
const BATCH = 5;
const CONNECTOR_LIMITS = [
  `hubspot.requestsPerWindow=${WINDOW.requests}`,
  `hubspot.windowMs=${WINDOW.ms}`,
  `hubspot.maxBatchSize=${BATCH}`,
  'marketo.dailyCap=3',
  `marketo.maxBatchSize=${BATCH}`,
  'salesforce.concurrency=2',
  `salesforce.maxBatchSize=${BATCH}`,
].join(',');

function csv(prefix: string, count: number): string {
  const rows = Array.from(
    { length: count },
    (_, index) => `Rate,${prefix}${index},${prefix}${index}@example.com,Engineer,Budget Corp`,
  );

  return ['first_name,last_name,email,job_title,company', ...rows].join('\n');
}

async function settled(org: SalesforceOrg, total: number): Promise<Summary> {
  return waitFor(
    async () => {
      const current = await summary(org);

      return current.total === total && current.preSync.total === 0 ? current : undefined;
    },
    `${total} leads to settle`,
    45_000,
  );
}

/** Most calls that arrived within any `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while (sorted[end] - sorted[start] >= windowMs) start += 1;
    most = Math.max(most, end - start + 1);
  }

  return most;
}

describe.each(['redis', 'postgres'] as const)('Rate budget (%s)', (queue) => {
  let database: TestDatabase;
  let t: TestPlatform;
  /** A second worker process on the same database, queue and budget store. */
  let worker: RunningPlatform;

  beforeAll(async () => {
    database = await createTestDatabase();
    t = await startTestPlatform({
      queue,
      database,
      env: { CONNECTOR_LIMITS, WORKER_CONCURRENCY: '8' },
      sandbox: { latencyMs: 50 },
    });
    t.sandbox.hubspot.configure({ requestsPerWindow: WINDOW.requests, windowMs: WINDOW.ms });
    worker = await startPlatform({ environment: t.environment, http: false, workers: true });
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await database?.drop();
  });

  it('keeps two worker processes together within the declared window', async () => {
    const orgs = await Promise.all(
      ['a', 'b'].map((name) => setUpOrg(t.staff, t.sandbox.url, 'hubspot', `window ${name}`)),
    );
    // A new connection's first test is charged to its own budget, as its account is not known
    // until the vendor answers: let that window pass.
    await new Promise((resolve) => setTimeout(resolve, WINDOW.ms));
    t.sandbox.hubspot.clearJournal();
    // Both connections reach the same HubSpot account, so they share its budget.
    await Promise.all(orgs.map((org, i) => org.api.importCsv(org.eventId, csv(`w${i}_`, 20))));

    for (const org of orgs) expect(await settled(org, 20)).toMatchObject({ cleared: 20 });
    const calls = t.sandbox.hubspot.journal().filter((entry) => entry.path.startsWith('/crm/'));
    expect(calls.filter((entry) => entry.status === 429)).toEqual([]);
    const writes = calls.filter((entry) => entry.route === 'contacts.batch.upsert');
    expect(writes.length).toBeGreaterThanOrEqual(8);
    expect(
      busiestWindow(
        calls.map((entry) => Date.parse(entry.time)),
        WINDOW.ms,
      ),
    ).toBeLessThanOrEqual(WINDOW.requests);
  });

  it('pauses the connection after a 429 with Retry-After, and every lead still clears', async () => {
    await new Promise((resolve) => setTimeout(resolve, WINDOW.ms));
    const org = await setUpOrg(t.staff, t.sandbox.url, 'hubspot', 'retry after');
    // The window has passed: whatever is refused now is the armed 429.
    await new Promise((resolve) => setTimeout(resolve, WINDOW.ms));
    t.sandbox.hubspot.clearJournal();
    t.sandbox.hubspot.failNext('contacts.batch.upsert', 1, 'TEN_SECONDLY_ROLLING', {
      retryAfterSeconds: 3,
    });
    await org.api.importCsv(org.eventId, csv('r', 10));

    expect(await settled(org, 10)).toMatchObject({ cleared: 10, failed: 0 });
    const calls = t.sandbox.hubspot.journal().filter((entry) => entry.path.startsWith('/crm/'));
    const refused = calls.findIndex((entry) => entry.status === 429);
    expect(refused).toBeGreaterThanOrEqual(0);
    const next = calls[refused + 1];
    expect(Date.parse(next.time) - Date.parse(calls[refused].time)).toBeGreaterThanOrEqual(2_900);
  });

  it('holds leads queued, not failed, once the daily cap is reached', async () => {
    // Three calls a day: the connection's describe takes one, the sync what is left.
    const org = await setUpOrg(t.staff, t.sandbox.url, 'marketo', 'daily cap');
    await org.api.importCsv(org.eventId, csv('d', 4 * BATCH));

    // Settled: nothing in flight and the same count three polls in a row.
    let last = -1;
    let same = 0;
    const settledAt = await waitFor(async () => {
      const current = await summary(org);
      same = current.cleared === last && current.preSync.inFlight === 0 ? same + 1 : 0;
      last = current.cleared;
      await new Promise((resolve) => setTimeout(resolve, 500));

      return current.cleared > 0 && same >= 3 ? current : undefined;
    }, 'the day’s calls');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const held = await summary(org);

    expect(held.cleared).toBe(settledAt.cleared);
    expect(held.cleared % BATCH).toBe(0);
    expect(held).toMatchObject({
      failed: 0,
      preSync: { total: 4 * BATCH - held.cleared, queued: 4 * BATCH - held.cleared },
    });
    expect(held.preSync.total).toBeGreaterThan(0);
  });

  it('never runs more calls at once than the declared concurrency', async () => {
    // Set up one by one: connection tests and describes are not the sync worker's calls.
    const orgs: SalesforceOrg[] = [];
    for (const i of [0, 1, 2, 3]) {
      orgs.push(await setUpOrg(t.staff, t.sandbox.url, 'salesforce', `concurrency ${i}`));
    }
    await Promise.all(orgs.map((org, i) => org.api.importCsv(org.eventId, csv(`c${i}_`, 20))));

    for (const org of orgs) expect(await settled(org, 20)).toMatchObject({ cleared: 20 });
    expect(t.sandbox.salesforce.concurrency().peak).toBeLessThanOrEqual(2);
  });
});
