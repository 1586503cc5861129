import 'reflect-metadata';
import { resolve } from 'node:path';
import { validateEnvironment } from '@libs/core';
import { runUntilSignal, startPlatform } from '@libs/platform';

/** The REST API, with the sync workers in the same process unless RUN_WORKERS=false. */
async function main(): Promise<void> {
  const environment = validateEnvironment(process.env);
  const platform = await startPlatform({
    environment,
    http: true,
    workers: environment.RUN_WORKERS,
  });
  process.stdout.write(
    `Mobly Integration Platform listening on ${platform.url} (docs: ${platform.url}/docs)\n`,
  );
  if (environment.STAFF_API_KEYS.length === 0) {
    process.stdout.write(
      `Staff key (for POST /v1/orgs): ${resolve(environment.STAFF_KEY_FILE)}; set STAFF_API_KEYS in production\n`,
    );
  }
  await runUntilSignal(platform);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
