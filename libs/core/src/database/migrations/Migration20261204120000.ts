import { Migration } from '@mikro-orm/migrations';

/** Which worker process claimed a record, and when each process was last seen alive. */
export class Migration20261204120000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "sync_worker_beats" (
        "id" uuid not null,
        "seen_at" timestamptz not null default now(),
        constraint "sync_worker_beats_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "sync_records" add column "claimed_by" uuid null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "sync_records" drop column "claimed_by";`);
    this.addSql(`drop table if exists "sync_worker_beats" cascade;`);
  }
}
