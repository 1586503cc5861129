import 'reflect-metadata';
import { setUpSalesforceOrg, summary } from '@app/demo';
import { startTestPlatform } from '../support/test-platform';

const LEADS = Number(process.env.BENCH_LEADS ?? 2000);

function csv(count: number): string {
  const rows = Array.from(
    { length: count },
    (_, index) => `Bench,Lead${index},bench${index}@example.com,Engineer,Bench Corp ${index % 50}`,
  );

  return ['first_name,last_name,email,job_title,company', ...rows].join('\n');
}

/**
 * Throughput of the whole path (CSV import → queue → worker → jsforce → Salesforce emulator →
 * outcome recorded), once per queue backend. Needs the local PostgreSQL and Redis.
 */
async function run(queue: 'redis' | 'postgres'): Promise<void> {
  const t = await startTestPlatform({ queue });
  try {
    const org = await setUpSalesforceOrg(t.staff, t.sandbox.url, `bench ${queue}`);
    const started = Date.now();
    await org.api.importCsv(org.eventId, csv(LEADS));
    const imported = Date.now();
    let current = await summary(org);
    while (current.preSync.total > 0 || current.total < LEADS) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      current = await summary(org);
    }
    const finished = Date.now();
    const seconds = (finished - started) / 1000;
    const calls = t.sandbox.salesforce
      .journal()
      .filter((entry) => entry.path.includes('/composite/'));
    process.stdout.write(
      `bench: queue=${queue} leads=${LEADS} cleared=${current.cleared} failed=${current.failed} ` +
        `import_ms=${imported - started} total_s=${seconds.toFixed(2)} ` +
        `leads_per_s=${(LEADS / seconds).toFixed(0)} collection_calls=${calls.length}\n`,
    );
  } finally {
    await t.close();
  }
}

async function main(): Promise<void> {
  await run('redis');
  await run('postgres');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
