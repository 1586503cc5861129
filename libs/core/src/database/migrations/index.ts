import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261203170957 } from './Migration20261203170957';
import { Migration20261203190250 } from './Migration20261203190250';
import { Migration20261203190419 } from './Migration20261203190419';
import { Migration20261203190528 } from './Migration20261203190528';
import { Migration20261203190624 } from './Migration20261203190624';
import { Migration20261203191642 } from './Migration20261203191642';
import { Migration20261203193116 } from './Migration20261203193116';
import { Migration20261204080000 } from './Migration20261204080000';
import { Migration20261204090100 } from './Migration20261204090100';
import { Migration20261204090200 } from './Migration20261204090200';
import { Migration20261204090500 } from './Migration20261204090500';
import { Migration20261204090400 } from './Migration20261204090400';
import { Migration20261204090900 } from './Migration20261204090900';
import { Migration20261204100000 } from './Migration20261204100000';
import { Migration20261204110000 } from './Migration20261204110000';
import { Migration20261204120000 } from './Migration20261204120000';

/** Every migration, in order. New migrations are appended here. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261203170957', class: Migration20261203170957 },
  { name: 'Migration20261203190250', class: Migration20261203190250 },
  { name: 'Migration20261203190419', class: Migration20261203190419 },
  { name: 'Migration20261203190528', class: Migration20261203190528 },
  { name: 'Migration20261203190624', class: Migration20261203190624 },
  { name: 'Migration20261203191642', class: Migration20261203191642 },
  { name: 'Migration20261203193116', class: Migration20261203193116 },
  { name: 'Migration20261204080000', class: Migration20261204080000 },
  { name: 'Migration20261204090100', class: Migration20261204090100 },
  { name: 'Migration20261204090200', class: Migration20261204090200 },
  { name: 'Migration20261204090500', class: Migration20261204090500 },
  { name: 'Migration20261204090400', class: Migration20261204090400 },
  { name: 'Migration20261204090900', class: Migration20261204090900 },
  { name: 'Migration20261204100000', class: Migration20261204100000 },
  { name: 'Migration20261204110000', class: Migration20261204110000 },
  { name: 'Migration20261204120000', class: Migration20261204120000 },
];
