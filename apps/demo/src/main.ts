import 'reflect-metadata';
import { SingleBar } from 'cli-progress';
import { startSandbox } from '@app/sandbox';
import { generateKey, hashKey, STAFF_KEY_PREFIX } from '@libs/access';
import { validateEnvironment } from '@libs/core';
import { startPlatform, type RunningPlatform } from '@libs/platform';
import { ApiClient } from './api-client';
import { sampleLeadsCsv, setUpDemoOrg, tally, type Tally } from './scenario';

const SYNC_TIMEOUT_MS = 100_000;

/**
 * Starts the platform (embedded defaults unless DATABASE_URL / REDIS_URL are set) and the
 * vendor sandbox, onboards an org with Salesforce, HubSpot, Marketo and Slack, imports the
 * sample leads and follows them until each is Cleared or Failed everywhere. Stops everything
 * it started.
 */
async function main(): Promise<number> {
  // The demo plays a Mobly staff member onboarding the org: it accepts a key of its own.
  const staffKey = generateKey(STAFF_KEY_PREFIX);
  const environment = validateEnvironment({
    ...process.env,
    STAFF_API_KEYS: [process.env.STAFF_API_KEYS, hashKey(staffKey)].filter(Boolean).join(','),
    PORT: process.env.PORT ?? '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    SYNC_LINGER_MS: process.env.SYNC_LINGER_MS ?? '100',
  });
  const sandbox = await startSandbox({ port: 0 });
  let platform: RunningPlatform | undefined;
  try {
    process.stdout.write(
      `demo: vendor sandbox (Salesforce, HubSpot, Marketo, Slack) on ${sandbox.url}\n`,
    );
    process.stdout.write(
      `demo: starting the platform (database: ${environment.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL'}, queue: ${environment.REDIS_URL ? 'Redis' : 'PostgreSQL'})\n`,
    );
    platform = await startPlatform({
      environment,
      http: true,
      workers: true,
    });
    process.stdout.write(`demo: API on ${platform.url} (docs: ${platform.url}/docs)\n`);

    const org = await setUpDemoOrg(new ApiClient(platform.url as string, staffKey), sandbox.url);
    process.stdout.write(
      `demo: org ${org.orgId} connected to ${org.connections.map((c) => c.integration).join(', ')}; mappings set to defaults\n`,
    );
    const { imported } = await org.api.importCsv(org.eventId, sampleLeadsCsv());
    process.stdout.write(`demo: imported ${imported} sample leads; syncing\n`);

    const final = await follow(() => tally(org), imported * org.connections.length);
    const perConnection = final.byConnection
      .map((entry) => `${entry.integration}=${entry.cleared}/${entry.total}`)
      .join(' ');
    process.stdout.write(
      `demo: leads=${final.leads} cleared=${final.cleared} failed=${final.failed} pre_sync=${final.preSync} ${perConnection}\n`,
    );

    return final.failed === 0 && final.preSync === 0 && final.cleared === imported ? 0 : 1;
  } finally {
    await platform?.close();
    await sandbox.close();
  }
}

/**
 * Shows progress (one step per lead per connection) until no lead waits any more: a bar on a
 * terminal, otherwise a line each time the count changes.
 */
async function follow(read: () => Promise<Tally>, deliveries: number): Promise<Tally> {
  const bar = process.stdout.isTTY
    ? new SingleBar({
        format: 'demo: {bar} {value}/{total} deliveries | {detail}',
        stream: process.stdout,
      })
    : undefined;
  let shown = '';
  const show = (tally: Tally): void => {
    const done = tally.byConnection.reduce((sum, entry) => sum + entry.cleared, 0);
    const detail = tally.byConnection.map((e) => `${e.integration} ${e.cleared}`).join(', ');
    if (bar) return bar.update(done, { detail });
    const line = `demo: ${done}/${deliveries} deliveries | ${detail}`;
    if (line !== shown) process.stdout.write(`${line}\n`);
    shown = line;
  };
  bar?.start(deliveries, 0, { detail: '' });
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  let current = await read();
  while (current.preSync > 0 && Date.now() < deadline) {
    show(current);
    await new Promise((resolve) => setTimeout(resolve, 250));
    current = await read();
  }
  show(current);
  bar?.stop();

  return current;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
