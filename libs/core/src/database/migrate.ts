import { MikroORM } from '@mikro-orm/core';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';

/** Arbitrary, fixed key of the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK_KEY = 7_340_112;

/** Applies pending migrations; processes starting together take turns through a lock. */
export async function applyMigrations(orm: MikroORM, url: string): Promise<string[]> {
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await orm.getMigrator().up();
    const names = applied.map((migration) => migration.name);
    if (names.length > 0) new Logger('Database').log(`applied migrations: ${names.join(', ')}`);

    return names;
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}
