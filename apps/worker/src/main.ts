import 'reflect-metadata';
import { validateEnvironment } from '@libs/core';
import { runUntilSignal, startPlatform } from '@libs/platform';

/** A sync worker process; run as many as the load needs, against a shared PostgreSQL. */
async function main(): Promise<void> {
  const environment = validateEnvironment(process.env);
  if (!environment.DATABASE_URL) {
    throw new Error(
      'start:worker needs DATABASE_URL (and REDIS_URL to queue on Redis): separate workers ' +
        "share the API's database. With the embedded default, `npm start` already runs workers.",
    );
  }
  const platform = await startPlatform({
    environment,
    http: false,
    workers: true,
  });
  process.stdout.write('Mobly sync worker running\n');
  await runUntilSignal(platform);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
