import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261203170957 } from './Migration20261203170957';
import { Migration20261203191044 } from './Migration20261203191044';

/** Every migration, in order. New migrations are appended here. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261203170957', class: Migration20261203170957 },
  { name: 'Migration20261203191044', class: Migration20261203191044 },
];
