import { defineConfig, type Options } from '@mikro-orm/postgresql';
import type { EntityClass } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MIGRATIONS } from './migrations';

export function createOrmOptions(url: string, entities: EntityClass<unknown>[]): Options {
  return defineConfig({
    clientUrl: url,
    entities,
    extensions: [Migrator],
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: MIGRATIONS,
      path: 'libs/core/src/database/migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    pool: { min: 0, max: 10 },
    forceUtcTimezone: true,
    discovery: { warnWhenNoEntities: true },
    debug: false,
  });
}
