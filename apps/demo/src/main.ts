import 'reflect-metadata';
import { SingleBar } from 'cli-progress';
import { INSTALLED_CONNECTORS } from '@config/plugins';
import { startSandbox } from '@app/sandbox';
import { validateEnvironment } from '@libs/core';
import { startPlatform, type RunningPlatform } from '@libs/platform';
import { ApiClient } from './api-client';
import { sampleLeadsCsv, setUpSalesforceOrg, summary, type Summary } from './scenario';

const SYNC_TIMEOUT_MS = 90_000;

/**
 * Starts the platform (embedded defaults unless DATABASE_URL / REDIS_URL are set) and the
 * Salesforce sandbox, onboards an org, imports the sample leads and follows them until each
 * one is Cleared or Failed. Stops everything it started.
 */
async function main(): Promise<number> {
  const environment = validateEnvironment({
    ...process.env,
    PORT: process.env.PORT ?? '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    SYNC_LINGER_MS: process.env.SYNC_LINGER_MS ?? '100',
  });
  const sandbox = await startSandbox({ port: 0 });
  let platform: RunningPlatform | undefined;
  try {
    process.stdout.write(`demo: Salesforce sandbox on ${sandbox.url}\n`);
    process.stdout.write(
      `demo: starting the platform (database: ${environment.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL'}, queue: ${environment.REDIS_URL ? 'Redis' : 'PostgreSQL'})\n`,
    );
    platform = await startPlatform({
      environment,
      connectors: INSTALLED_CONNECTORS,
      http: true,
      workers: true,
    });
    process.stdout.write(`demo: API on ${platform.url} (docs: ${platform.url}/docs)\n`);

    const org = await setUpSalesforceOrg(new ApiClient(platform.url as string), sandbox.url);
    process.stdout.write(
      `demo: org ${org.orgId} connected to Salesforce, Lead mapping set to defaults\n`,
    );
    const { imported } = await org.api.importCsv(org.eventId, sampleLeadsCsv());
    process.stdout.write(`demo: imported ${imported} sample leads; syncing\n`);

    const final = await follow(() => summary(org), imported);
    process.stdout.write(
      `demo: leads=${imported} cleared=${final.cleared} failed=${final.failed} pre_sync=${final.preSync.total}\n`,
    );

    return final.failed === 0 && final.preSync.total === 0 && final.cleared === imported ? 0 : 1;
  } finally {
    await platform?.close();
    await sandbox.close();
  }
}

/** Shows progress until no lead is waiting any more (or the wait runs out). */
async function follow(read: () => Promise<Summary>, total: number): Promise<Summary> {
  const bar = new SingleBar({
    format: 'demo: {bar} {value}/{total} done | cleared {cleared} | failed {failed}',
    noTTYOutput: true,
    notTTYSchedule: 1000,
    stream: process.stdout,
  });
  bar.start(total, 0, { cleared: 0, failed: 0 });
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  let current = await read();
  while (current.preSync.total > 0 && Date.now() < deadline) {
    bar.update(current.cleared + current.failed, {
      cleared: current.cleared,
      failed: current.failed,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    current = await read();
  }
  bar.update(current.cleared + current.failed, {
    cleared: current.cleared,
    failed: current.failed,
  });
  bar.stop();

  return current;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
