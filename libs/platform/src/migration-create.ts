import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmOptions } from '@libs/core';
import { ENTITIES } from './entities';

/**
 * Writes a migration for the difference between the entities and the database at
 * DATABASE_URL (migrated to the latest version first). Add the new class to MIGRATIONS.
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL to a scratch database');
  const orm = await MikroORM.init(createOrmOptions(url, ENTITIES));
  try {
    await orm.getMigrator().up();
    const result = await orm
      .getMigrator()
      .createMigration(undefined, false, process.argv[2] === '--initial');
    process.stdout.write(result.fileName ? `wrote ${result.fileName}\n` : 'no changes\n');
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
