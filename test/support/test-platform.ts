import { randomBytes } from 'node:crypto';
import { ApiClient } from '@app/demo';
import { startSandbox, type Sandbox } from '@app/sandbox';
import { generateKey, hashKey, STAFF_KEY_PREFIX } from '@libs/access';
import { validateEnvironment } from '@libs/core';
import { startPlatform, type RunningPlatform } from '@libs/platform';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from './test-database';

export interface TestPlatform {
  /** The API without credentials. */
  api: ApiClient;
  /** The API as Mobly staff, who onboard orgs. */
  staff: ApiClient;
  sandbox: Sandbox;
  platform: RunningPlatform;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * The whole platform as users run it — REST API and sync workers on a fresh PostgreSQL
 * database, BullMQ on Redis (or on PostgreSQL) — plus the vendor sandbox.
 */
export async function startTestPlatform(
  options: {
    queue?: 'redis' | 'postgres';
    env?: Record<string, string>;
    /** Reuse this database (and leave it in place on close). */
    database?: TestDatabase;
    /** Receives every JSON log line of the platform. */
    logStream?: { write(line: string): void };
  } = {},
): Promise<TestPlatform> {
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) {
    // jsforce sends every request through a proxy when one is set, loopback included.
    delete process.env[name];
  }
  const database = options.database ?? (await createTestDatabase());
  const ownsDatabase = !options.database;
  const sandbox = await startSandbox({ port: 0 });
  const staffKey = generateKey(STAFF_KEY_PREFIX);
  const environment = validateEnvironment({
    PORT: '0',
    LOG_LEVEL: 'warn',
    SYNC_LINGER_MS: '50',
    QUEUE_PREFIX: `test_${randomBytes(4).toString('hex')}`,
    STAFF_API_KEYS: hashKey(staffKey),
    DATABASE_URL: database.url,
    ...(options.queue === 'postgres' ? {} : { REDIS_URL: TEST_REDIS_URL }),
    ...options.env,
  });
  let platform: RunningPlatform;
  try {
    platform = await startPlatform({
      environment,
      http: true,
      workers: true,
      logStream: options.logStream,
    });
  } catch (error) {
    await sandbox.close();
    if (ownsDatabase) await database.drop();
    throw error;
  }

  return {
    api: new ApiClient(platform.url as string),
    staff: new ApiClient(platform.url as string, staffKey),
    sandbox,
    platform,
    database,
    close: async () => {
      await platform.close();
      await sandbox.close();
      if (ownsDatabase) await database.drop();
    },
  };
}
