import { Redis } from 'ioredis';
import { Client } from 'pg';

const TIMEOUT_MS = 5_000;

function reason(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(reason).join('; ');

  return error instanceof Error ? error.message || error.name : String(error);
}

/** Fails fast, naming the variable, when a configured server cannot be reached. */
export async function assertReachable(urls: {
  databaseUrl?: string;
  redisUrl?: string;
}): Promise<void> {
  const problems: string[] = [];
  if (urls.databaseUrl) {
    const client = new Client({
      connectionString: urls.databaseUrl,
      connectionTimeoutMillis: TIMEOUT_MS,
    });
    try {
      await client.connect();
      await client.query('SELECT 1');
    } catch (error) {
      problems.push(`DATABASE_URL: cannot reach PostgreSQL (${reason(error)})`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  if (urls.redisUrl) {
    const redis = new Redis(urls.redisUrl, {
      lazyConnect: true,
      connectTimeout: TIMEOUT_MS,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      problems.push(`REDIS_URL: cannot reach Redis (${reason(error)})`);
    } finally {
      redis.disconnect();
    }
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
}
