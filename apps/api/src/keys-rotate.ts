import 'reflect-metadata';
import { ConnectionsService } from '@libs/connections';
import { validateEnvironment } from '@libs/core';
import { startPlatform } from '@libs/platform';

/**
 * `npm run keys:rotate`: re-seals stored credentials under the first key of CREDENTIALS_KEYS.
 * Run it while the platform serves, with the new key listed first and the old one still listed.
 */
async function main(): Promise<void> {
  const environment = validateEnvironment({
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const platform = await startPlatform({
    environment,
    http: false,
    workers: false,
  });
  try {
    const resealed = await platform.app.get(ConnectionsService).resealAll();
    process.stdout.write(
      `keys:rotate: re-sealed ${resealed} connection(s) under the current key\n`,
    );
  } finally {
    await platform.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `keys:rotate failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
