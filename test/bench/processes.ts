import { spawn, type ChildProcess } from 'node:child_process';
import { generateKey, hashKey, STAFF_KEY_PREFIX } from '@libs/access';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The api and worker processes of the platform, as `npm start` and `start:worker` run them. */
export interface PlatformProcesses {
  url: string;
  /** A staff key the api accepts, to onboard the bench's orgs. */
  staffKey: string;
  /** Largest resident set seen so far: of the api, of the workers together, of all of them. */
  peakRssMb(): { api: number; workers: number; total: number };
  /** Worker processes that have said they are running (not starting, not killed). */
  runningWorkers(): number[];
  /** Kills worker `index` with SIGKILL (no shutdown of any kind) and starts a new one in its place. */
  killAndRestartWorker(index: number): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);

    return kb / 1024;
  } catch {
    return 0;
  }
}

async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the api exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the api did not become healthy');
}

function start(script: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [join(process.cwd(), 'dist', script)], {
    env: {
      PATH: process.env.PATH ?? '',
      ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Read (and drop) what it prints, so a full pipe never blocks it.
  child.stdout?.resume();

  return child;
}

/** Resolves once a worker process prints that it runs; rejects if it exits first. */
function workerRunning(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-200);
      if (seen.includes('sync worker running')) resolve();
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`a worker exited while starting (${code ?? signal})`)),
    );
  });
}

/** Starts the api (with its own workers unless `RUN_WORKERS=false`) and `workers` worker processes. */
export async function startPlatformProcesses(options: {
  databaseUrl: string;
  redisUrl: string;
  workers: number;
  env?: Record<string, string>;
}): Promise<PlatformProcesses> {
  const port = await freePort();
  const staffKey = generateKey(STAFF_KEY_PREFIX);
  const env = {
    STAFF_API_KEYS: hashKey(staffKey),
    PORT: String(port),
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: `bench_${randomBytes(4).toString('hex')}`,
    CREDENTIALS_KEYS: `bench:${randomBytes(32).toString('base64')}`,
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  const url = `http://127.0.0.1:${port}`;
  const api = start('apps/api/src/main.js', env);
  await waitHealthy(url, api);
  // Workers start once the api has applied the migrations.
  const workers = Array.from({ length: options.workers }, () =>
    start('apps/worker/src/main.js', env),
  );
  const running = new Set<ChildProcess>();
  const watch = (worker: ChildProcess) =>
    workerRunning(worker).then(
      () => running.add(worker),
      () => undefined,
    );
  await Promise.all(workers.map(watch));

  // Children never outlive the bench, even when it fails.
  process.once('exit', () => [api, ...workers].forEach((child) => child.kill('SIGKILL')));

  const peak = { api: 0, workers: 0, total: 0 };
  const sample = () => {
    const apiMb = rssMb(api.pid);
    const workersMb = workers.reduce((sum, worker) => sum + rssMb(worker.pid), 0);
    peak.api = Math.max(peak.api, apiMb);
    peak.workers = Math.max(peak.workers, workersMb);
    peak.total = Math.max(peak.total, apiMb + workersMb);
  };
  const sampler = setInterval(sample, 250);

  return {
    url,
    staffKey,
    peakRssMb: () => {
      sample();

      return { ...peak };
    },
    runningWorkers: () => workers.flatMap((worker, index) => (running.has(worker) ? [index] : [])),
    killAndRestartWorker: async (index) => {
      const victim = workers[index];
      running.delete(victim);
      const exited = new Promise<void>((resolve) => {
        if (victim.exitCode !== null || victim.signalCode !== null) resolve();
        else victim.once('exit', () => resolve());
      });
      victim.kill('SIGKILL');
      await exited;
      workers[index] = start('apps/worker/src/main.js', env);
      void watch(workers[index]);
    },
    stop: async () => {
      clearInterval(sampler);
      await Promise.all(
        [api, ...workers].map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
