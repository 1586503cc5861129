import 'reflect-metadata';
import { Client } from 'pg';
import { ApiClient, setUpOrg, type SalesforceOrg } from '@app/demo';
import { startSandbox, type Sandbox } from '@app/sandbox';
import { createTestDatabase, TEST_REDIS_URL } from '../support/test-database';
import { startPlatformProcesses, type PlatformProcesses } from './processes';

/** Every number of the run; the defaults are the issue's, the variables scale a quick run down. */
const CONFIG = {
  leads: Number(process.env.CHAOS_LEADS ?? 20_000),
  orgs: Number(process.env.CHAOS_ORGS ?? 10),
  /** Worker processes (the api syncs nothing itself, so every sync runs in a killable one). */
  workers: Number(process.env.CHAOS_WORKERS ?? 3),
  /** SIGKILLs at least: spread at random over the ingest, more if the ingest is long. */
  kills: Number(process.env.CHAOS_KILLS ?? 10),
  /** The leads arrive over this many seconds, in CSV imports, while the faults happen. */
  ingestSeconds: Number(process.env.CHAOS_INGEST_SECONDS ?? 120),
  /** The Salesforce emulator answers every data API call with 503 for this long... */
  outageSeconds: Number(process.env.CHAOS_OUTAGE_SECONDS ?? 60),
  /** ...starting this many seconds into the ingest. */
  outageAtSeconds: Number(process.env.CHAOS_OUTAGE_AT_SECONDS ?? 20),
  latencyMs: Number(process.env.CHAOS_LATENCY_MS ?? 150),
  /** How long to wait at most for every lead to end Cleared or Failed. */
  settleMinutes: Number(process.env.CHAOS_SETTLE_MINUTES ?? 30),
};

const TAG = 'chaos';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function note(text: string): void {
  process.stderr.write(`chaos: ${text}\n`);
}

function csv(from: number, count: number): string {
  const rows = Array.from({ length: count }, (_, i) => {
    const n = from + i;

    return `Chaos,Lead${n},${TAG}-${n}@example.com,Engineer,Chaos Corp ${n % 50}`;
  });

  return ['first_name,last_name,email,job_title,company', ...rows].join('\n');
}

/** A request the connection dropped is sent again (an import is idempotent per email). */
async function withRetry<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      if (attempt >= 5) throw error;
      note(`request failed (attempt ${attempt}): ${String(error)}`);
      await sleep(1_000);
    }
  }
}

async function setUpOrgs(api: ApiClient, sandbox: Sandbox): Promise<SalesforceOrg[]> {
  const orgs: SalesforceOrg[] = [];
  for (let i = 0; i < CONFIG.orgs; i += 1) {
    orgs.push(await withRetry(() => setUpOrg(api, sandbox.url, 'salesforce', `Chaos ${i}`)));
  }

  return orgs;
}

/** The leads, in imports of one org's share each, spread evenly over the ingest window. */
async function ingest(orgs: SalesforceOrg[], started: number): Promise<void> {
  const imports = Math.max(orgs.length, Math.ceil(CONFIG.ingestSeconds / 2));
  const size = Math.ceil(CONFIG.leads / imports);
  for (let i = 0, from = 0; from < CONFIG.leads; i += 1, from += size) {
    const at = started + (i / imports) * CONFIG.ingestSeconds * 1000;
    await sleep(at - Date.now());
    const org = orgs[i % orgs.length];
    const count = Math.min(size, CONFIG.leads - from);
    await withRetry(() => org.api.importCsv(org.eventId, csv(from, count)));
  }
}

/** SIGKILLs a running worker at random moments of the window, each one restarted at once. */
async function killWorkers(platform: PlatformProcesses, started: number): Promise<number> {
  const windowMs = Math.max(CONFIG.ingestSeconds * 1000, CONFIG.kills * 2_000);
  const moments = Array.from({ length: CONFIG.kills }, () => Math.random() * windowMs).sort(
    (a, b) => a - b,
  );
  let kills = 0;
  for (const moment of moments) {
    await sleep(started + moment - Date.now());
    // A worker still starting after an earlier kill is not running yet: wait for one that is.
    let running = platform.runningWorkers();
    while (running.length === 0) {
      await sleep(100);
      running = platform.runningWorkers();
    }
    const index = running[Math.floor(Math.random() * running.length)];
    await platform.killAndRestartWorker(index);
    kills += 1;
    note(`killed worker ${index} at ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  return kills;
}

/** The Salesforce emulator answers 503 to every data API call for the outage. */
async function outage(sandbox: Sandbox, started: number): Promise<number> {
  await sleep(started + CONFIG.outageAtSeconds * 1000 - Date.now());
  const control = `${sandbox.url}/__sandbox/salesforce/scenarios`;
  const armed = await fetch(control, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      route: 'data',
      kind: 'SERVER_UNAVAILABLE',
      count: Number.MAX_SAFE_INTEGER,
    }),
  });
  if (!armed.ok) throw new Error(`the outage could not start: ${armed.status}`);
  const from = Date.now();
  note(`outage from ${((from - started) / 1000).toFixed(1)} s`);
  await sleep(CONFIG.outageSeconds * 1000);
  const cleared = await fetch(control, { method: 'DELETE' });
  if (!cleared.ok) throw new Error(`the outage could not end: ${cleared.status}`);
  const seconds = (Date.now() - from) / 1000;
  const refused = sandbox.salesforce.journal().filter((entry) => entry.status === 503).length;
  note(`outage over after ${seconds.toFixed(1)} s; ${refused} calls answered 503`);

  return Math.round(seconds);
}

interface Verdict {
  leads: number;
  lost: number;
  duplicates: number;
  failed: number;
}

/** Waits until no lead is still on its way, or the settle time is up. */
async function settle(db: Client): Promise<void> {
  const deadline = Date.now() + CONFIG.settleMinutes * 60_000;
  let last = '';
  for (;;) {
    const { rows } = await db.query<{ state: string; n: string }>(
      `SELECT sr.state, count(*) AS n FROM sync_records sr JOIN leads l ON l.id = sr.lead_id
        WHERE l.email LIKE $1 GROUP BY sr.state`,
      [`${TAG}-%`],
    );
    const byState = Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
    const done = (byState.cleared ?? 0) + (byState.failed ?? 0);
    const text = JSON.stringify(byState);
    if (text !== last) note(`sync records ${text}`);
    last = text;
    if (done >= CONFIG.leads) return;
    if (Date.now() > deadline) {
      note('gave up waiting for the leads to settle');

      return;
    }
    await sleep(2_000);
  }
}

/**
 * Every lead must be in the emulator exactly once, as the record its sync record names, and
 * Cleared: the emulator's own records are the truth, not the platform's.
 */
async function verify(db: Client, sandbox: Sandbox): Promise<Verdict> {
  const remote = new Map<string, string[]>();
  for (const record of sandbox.salesforce.records('Lead')) {
    const email = String(record.Email ?? '').toLowerCase();
    if (!email.startsWith(`${TAG}-`)) continue;
    remote.set(email, [...(remote.get(email) ?? []), String(record.Id)]);
  }
  const { rows } = await db.query<{ email: string; state: string; remote_id: string | null }>(
    `SELECT l.email, sr.state, sr.remote_ids ->> 'Lead' AS remote_id
       FROM leads l JOIN sync_records sr ON sr.lead_id = l.id
      WHERE l.email LIKE $1`,
    [`${TAG}-%`],
  );
  const stored = new Map(rows.map((row) => [row.email.toLowerCase(), row]));
  let lost = 0;
  let failed = 0;
  for (let n = 0; n < CONFIG.leads; n += 1) {
    const email = `${TAG}-${n}@example.com`;
    const row = stored.get(email);
    const ids = remote.get(email) ?? [];
    if (row?.state === 'failed') failed += 1;
    else if (row?.state !== 'cleared' || ids.length === 0 || !ids.includes(row.remote_id ?? '')) {
      lost += 1;
    }
  }
  const duplicates = [...remote.values()].reduce((sum, ids) => sum + ids.length - 1, 0);

  return { leads: CONFIG.leads, lost, duplicates, failed };
}

/**
 * 20,000 leads through the api, worker processes on PostgreSQL + Redis and the Salesforce
 * emulator, while worker processes are killed with SIGKILL and Salesforce is down for a minute;
 * then every lead must be Cleared exactly once in the emulator.
 */
async function main(): Promise<number> {
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
      // The sweeper finds the leads a killed worker held once their claim lapses.
      env: { RUN_WORKERS: 'false', SYNC_SWEEP_INTERVAL_MS: '5000' },
    });
    await db.connect();
    const api = new ApiClient(platform.url).withKey(platform.staffKey);
    const orgs = await setUpOrgs(api, sandbox);
    const started = Date.now();
    const [, kills, outageSeconds] = await Promise.all([
      ingest(orgs, started),
      killWorkers(platform, started),
      outage(sandbox, started),
    ]);
    await settle(db);
    const verdict = await verify(db, sandbox);
    note(`run took ${((Date.now() - started) / 1000).toFixed(0)} s`);
    process.stdout.write(
      `chaos: leads=${verdict.leads} kills=${kills} outage_s=${outageSeconds} ` +
        `lost=${verdict.lost} duplicates=${verdict.duplicates} failed=${verdict.failed}\n`,
    );

    return verdict.lost + verdict.duplicates + verdict.failed > 0 ? 1 : 0;
  } finally {
    await platform?.stop();
    await db.end().catch(() => undefined);
    await sandbox.close();
    await database.drop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
