import 'reflect-metadata';
import { Client } from 'pg';
import { ApiClient, setUpOrg, type BatchIntegration, type SalesforceOrg } from '@app/demo';
import { startSandbox, type Sandbox } from '@app/sandbox';
import { createTestDatabase, TEST_REDIS_URL } from '../support/test-database';
import { startPlatformProcesses, type PlatformProcesses } from './processes';

/** Every number of the run; the defaults are the issue's, the variables scale a quick run down. */
const CONFIG = {
  leads: Number(process.env.BENCH_LEADS ?? 20_000),
  orgs: Number(process.env.BENCH_ORGS ?? 50),
  vendors: (process.env.BENCH_VENDORS ?? 'hubspot,marketo,salesforce').split(
    ',',
  ) as BatchIntegration[],
  latencyMs: Number(process.env.BENCH_LATENCY_MS ?? 150),
  steadyRate: Number(process.env.BENCH_STEADY_RATE ?? 50),
  steadySeconds: Number(process.env.BENCH_STEADY_SECONDS ?? 60),
  /**
   * The steady flow goes to this many of the vendor's orgs (round robin). The bench's orgs all
   * reach one emulated vendor account, so they share one rate budget: 50 connections sharing
   * HubSpot's 10 calls a second cannot each get a call every two seconds.
   */
  steadyOrgs: Number(process.env.BENCH_STEADY_ORGS ?? 1),
  neighbourVendor: (process.env.BENCH_NEIGHBOUR_VENDOR ?? 'salesforce') as BatchIntegration,
  neighbourBacklog: Number(
    process.env.BENCH_NEIGHBOUR_BACKLOG ?? process.env.BENCH_LEADS ?? 20_000,
  ),
  /** Worker processes besides the api. */
  workers: Number(process.env.BENCH_WORKERS ?? 1),
  /**
   * Whether the api runs sync workers too (`RUN_WORKERS`). By default it does not: the api
   * takes the ingest and the worker process the syncing, as a deployment that scales out does.
   */
  apiWorkers: process.env.BENCH_API_WORKERS === 'true',
};

interface JournalEntry {
  path: string;
  status: number;
}

/** The vendors' real limits, and how to read the emulator's side of the run. */
interface VendorProfile {
  batch: number;
  /** Calls one batch needs at least: the write, and for Salesforce the match query before it. */
  callsPerBatch: number;
  /** Leads per second the vendor's limits allow at most. */
  ceilingPerS: number;
  /** Wait after setting up orgs, so the measured run starts on a fresh rate window. */
  windowMs: number;
  /** The calls that count against the vendor's limits (token endpoints do not). */
  calls(sandbox: Sandbox): JournalEntry[];
  clear(sandbox: Sandbox): void;
  emails(sandbox: Sandbox): string[];
}

const PROFILES: Record<BatchIntegration, VendorProfile> = {
  // 100 requests per rolling 10 s, batches of 100.
  hubspot: {
    batch: 100,
    callsPerBatch: 1,
    ceilingPerS: (100 / 10) * 100,
    windowMs: 10_000,
    calls: (s) => s.hubspot.journal().filter((e) => e.path.startsWith('/crm/')),
    clear: (s) => s.hubspot.clearJournal(),
    emails: (s) => s.hubspot.records('contacts').map((r) => r.properties.email ?? ''),
  },
  // 100 calls per 20 s, batches of 300, 10 in flight.
  marketo: {
    batch: 300,
    callsPerBatch: 1,
    ceilingPerS: (100 / 20) * 300,
    windowMs: 20_000,
    calls: (s) => s.marketo.journal().filter((e) => e.path.startsWith('/rest/')),
    clear: (s) => s.marketo.clearJournal(),
    emails: (s) => s.marketo.leads().map((lead) => String(lead.email ?? '')),
  },
  // 200 records per call, 25 requests at once; no per-second limit.
  salesforce: {
    batch: 200,
    // Find before create (PRODUCT.md §5): one SOQL query by email, then one Collections write.
    callsPerBatch: 2,
    ceilingPerS: (25 * 200) / (Number(process.env.BENCH_LATENCY_MS ?? 150) / 1000),
    windowMs: 0,
    calls: (s) => s.salesforce.journal().filter((e) => e.path.startsWith('/services/data/')),
    clear: (s) => s.salesforce.clearJournal(),
    emails: (s) => s.salesforce.records('Lead').map((r) => String(r.Email ?? '')),
  },
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function csv(tag: string, from: number, count: number): string {
  const rows = Array.from({ length: count }, (_, i) => {
    const n = from + i;

    return `Bench,Lead${n},${tag}-${n}@example.com,Engineer,Bench Corp ${n % 50}`;
  });

  return ['first_name,last_name,email,job_title,company', ...rows].join('\n');
}

/**
 * A request the connection dropped is sent again (an import is idempotent: leads are matched by
 * email within the event); the cause goes to stderr.
 */
async function withRetry<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      const cause = error instanceof Error ? (error.cause ?? error.message) : error;
      process.stderr.write(`bench: request failed (attempt ${attempt}): ${String(cause)}\n`);
      if (attempt >= 3) throw error;
      await sleep(1_000);
    }
  }
}

/** Runs `task` over `items`, `width` at a time. */
async function inParallel<T>(items: T[], width: number, task: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await task(items[next++]);
    }),
  );
}

/** An org with a connection; the vendor may refuse a setup call for its limit: try again. */
async function setUpOrgs(
  api: ApiClient,
  sandbox: Sandbox,
  vendor: BatchIntegration,
  count: number,
  name: string,
): Promise<SalesforceOrg[]> {
  const orgs: SalesforceOrg[] = [];
  await inParallel([...Array(count).keys()], 4, async (i) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        orgs.push(await setUpOrg(api, sandbox.url, vendor, `${name} ${vendor} ${i}`));

        return;
      } catch (error) {
        if (attempt >= 10) throw error;
        await sleep(2_000);
      }
    }
  });

  return orgs;
}

interface Counts {
  total: number;
  cleared: number;
  failed: number;
  lastSyncedAt: Date | null;
}

async function counts(db: Client, connectionIds: string[], tag: string): Promise<Counts> {
  const { rows } = await db.query<{
    total: string;
    cleared: string;
    failed: string;
    last: Date | null;
  }>(
    `SELECT count(*) AS total,
            count(*) FILTER (WHERE sr.state = 'cleared') AS cleared,
            count(*) FILTER (WHERE sr.state = 'failed') AS failed,
            max(sr.synced_at) AS last
       FROM sync_records sr JOIN leads l ON l.id = sr.lead_id
      WHERE sr.connection_id = ANY($1) AND l.email LIKE $2`,
    [connectionIds, `${tag}-%`],
  );

  return {
    total: Number(rows[0].total),
    cleared: Number(rows[0].cleared),
    failed: Number(rows[0].failed),
    lastSyncedAt: rows[0].last,
  };
}

async function settle(db: Client, ids: string[], tag: string, expected: number): Promise<Counts> {
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    const current = await counts(db, ids, tag);
    if (current.total >= expected && current.cleared + current.failed >= expected) return current;
    if (Date.now() > deadline) return current;
    await sleep(200);
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;

  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Ingest `CONFIG.leads` across the orgs and time it until every lead is Cleared. */
async function bulk(db: Client, sandbox: Sandbox, vendor: BatchIntegration, orgs: SalesforceOrg[]) {
  const profile = PROFILES[vendor];
  const tag = `bulk-${vendor}`;
  const perOrg = orgs.map(
    (_, i) => Math.floor(CONFIG.leads / orgs.length) + (i < CONFIG.leads % orgs.length ? 1 : 0),
  );
  profile.clear(sandbox);
  const started = Date.now();
  let from = 0;
  const batches = orgs.map((org, i) => {
    const slice = { org, from, count: perOrg[i] };
    from += perOrg[i];

    return slice;
  });
  await inParallel(batches, 4, async ({ org, from: first, count }) => {
    await withRetry(() => org.api.importCsv(org.eventId, csv(tag, first, count)));
  });
  const ingestedMs = Date.now() - started;
  const ids = orgs.map((org) => org.connectionId);
  const done = await settle(db, ids, tag, CONFIG.leads);
  const seconds = ((done.lastSyncedAt?.getTime() ?? Date.now()) - started) / 1000;
  const calls = profile.calls(sandbox);
  const emails = profile.emails(sandbox).filter((email) => email.startsWith(`${tag}-`));

  return {
    seconds,
    ingestedMs,
    leadsPerS: CONFIG.leads / seconds,
    calls: calls.length,
    refused: calls.filter((entry) => entry.status === 429 || entry.status === 403).length,
    minCalls:
      perOrg.reduce((sum, n) => sum + Math.ceil(n / profile.batch), 0) * profile.callsPerBatch,
    lost: CONFIG.leads - done.cleared,
    duplicates: emails.length - new Set(emails).size,
  };
}

/** `CONFIG.steadyRate` enriched leads a second; latency from stored to Cleared. */
async function steady(db: Client, vendor: BatchIntegration, orgs: SalesforceOrg[]) {
  const tag = `steady-${vendor}`;
  const targets = orgs.slice(0, Math.max(1, CONFIG.steadyOrgs));
  const total = CONFIG.steadyRate * CONFIG.steadySeconds;
  const tickMs = 100;
  const perTick = CONFIG.steadyRate / (1000 / tickMs);
  const started = Date.now();
  const posts: Promise<unknown>[] = [];
  for (let sent = 0; sent < total;) {
    const due = Math.min(total, Math.floor(((Date.now() - started) / tickMs + 1) * perTick));
    for (; sent < due; sent += 1) {
      const org = targets[sent % targets.length];
      posts.push(
        withRetry(() =>
          org.api.ok('POST', '/v1/leads', {
            eventId: org.eventId,
            firstName: 'Steady',
            lastName: `Lead${sent}`,
            email: `${tag}-${sent}@example.com`,
            company: { name: 'Steady Corp' },
            isEnriched: true,
          }),
        ),
      );
    }
    await sleep(tickMs);
  }
  await Promise.all(posts);
  const ids = targets.map((org) => org.connectionId);
  await settle(db, ids, tag, total);
  const { rows } = await db.query<{ ms: number }>(
    `SELECT extract(epoch FROM sr.synced_at - sr.created_at) * 1000 AS ms
       FROM sync_records sr JOIN leads l ON l.id = sr.lead_id
      WHERE sr.connection_id = ANY($1) AND l.email LIKE $2 AND sr.state = 'cleared'`,
    [ids, `${tag}-%`],
  );
  const latencies = rows.map((row) => Number(row.ms)).sort((a, b) => a - b);

  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** One org's backlog being synced, another org's single lead: how long that lead waits. */
async function neighbour(db: Client, api: ApiClient, sandbox: Sandbox) {
  const vendor = CONFIG.neighbourVendor;
  const [busy, quiet] = await setUpOrgs(api, sandbox, vendor, 2, 'neighbour');
  await withRetry(() =>
    busy.api.importCsv(busy.eventId, csv('backlog', 0, CONFIG.neighbourBacklog)),
  );
  await waitUntil(async () => (await counts(db, [busy.connectionId], 'backlog')).cleared > 0);
  const lead = await quiet.api.ok<{ id: string }>('POST', '/v1/leads', {
    eventId: quiet.eventId,
    firstName: 'Quiet',
    lastName: 'Neighbour',
    email: 'neighbour-1@example.com',
    company: { name: 'Quiet Corp' },
    isEnriched: true,
  });
  await waitUntil(async () => {
    const { cleared, failed } = await counts(db, [quiet.connectionId], 'neighbour');
    if (failed > 0) throw new Error('the neighbour lead failed');

    return cleared > 0;
  });
  const { rows } = await db.query<{ ms: number }>(
    `SELECT extract(epoch FROM synced_at - created_at) * 1000 AS ms
       FROM sync_records WHERE lead_id = $1`,
    [lead.id],
  );
  const backlog = await counts(db, [busy.connectionId], 'backlog');

  return { ms: Number(rows[0].ms), backlogLeft: backlog.total - backlog.cleared };
}

async function waitUntil(probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10 * 60_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('the bench timed out');
    await sleep(20);
  }
}

function line(fields: Record<string, string | number>): void {
  const text = Object.entries(fields)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  process.stdout.write(`bench: ${text}\n`);
}

/**
 * The whole path — API ingest → PostgreSQL → BullMQ on Redis → worker processes → vendor
 * emulators with their real limits and 150 ms per call — per vendor, then a steady flow and a
 * noisy neighbour. Needs the local PostgreSQL and Redis (TEST_POSTGRES_URL, TEST_REDIS_URL).
 */
async function main(): Promise<void> {
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) {
    delete process.env[name];
  }
  const database = await createTestDatabase();
  const sandbox = await startSandbox({ port: 0, latencyMs: CONFIG.latencyMs });
  const db = new Client({ connectionString: database.url });
  let platform: PlatformProcesses | undefined;
  try {
    platform = await startPlatformProcesses({
      databaseUrl: database.url,
      redisUrl: TEST_REDIS_URL,
      workers: CONFIG.workers,
      env: { RUN_WORKERS: String(CONFIG.apiWorkers) },
    });
    await db.connect();
    const api = new ApiClient(platform.url).withKey(platform.staffKey);
    const runStarted = Date.now();
    for (const vendor of CONFIG.vendors) {
      const profile = PROFILES[vendor];
      const orgs = await setUpOrgs(api, sandbox, vendor, CONFIG.orgs, 'bench');
      await sleep(profile.windowMs + 1_000);
      const phaseStarted = Date.now();
      const result = await bulk(db, sandbox, vendor, orgs);
      // The steady flow is measured on its own, not while the account recovers from the bulk.
      await sleep(profile.windowMs);
      const latency = await steady(db, vendor, orgs);
      line({
        vendor,
        leads: CONFIG.leads,
        seconds: result.seconds.toFixed(1),
        leads_per_s: result.leadsPerS.toFixed(0),
        ceiling_per_s: profile.ceilingPerS.toFixed(0),
        ratio: (result.leadsPerS / profile.ceilingPerS).toFixed(2),
        calls: result.calls,
        min_calls: result.minCalls,
        call_ratio: (result.calls / result.minCalls).toFixed(2),
        p50_ms: latency.p50.toFixed(0),
        p99_ms: latency.p99.toFixed(0),
        lost: result.lost,
        duplicates: result.duplicates,
        refused: result.refused,
        ingest_s: (result.ingestedMs / 1000).toFixed(1),
        phase_s: ((Date.now() - phaseStarted) / 1000).toFixed(0),
      });
    }
    const quiet = await neighbour(db, api, sandbox);
    line({
      neighbour_ms: quiet.ms.toFixed(0),
      vendor: CONFIG.neighbourVendor,
      backlog: CONFIG.neighbourBacklog,
      backlog_left: quiet.backlogLeft,
    });
    const rss = platform.peakRssMb();
    line({
      peak_rss_mb: rss.total.toFixed(0),
      api_mb: rss.api.toFixed(0),
      workers_mb: rss.workers.toFixed(0),
      worker_processes: CONFIG.workers,
      api_runs_workers: String(CONFIG.apiWorkers),
      run_s: ((Date.now() - runStarted) / 1000).toFixed(0),
    });
  } finally {
    await platform?.stop();
    await db.end().catch(() => undefined);
    await sandbox.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
