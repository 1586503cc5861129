import { Migration } from '@mikro-orm/migrations';

/** The write ledger: what the vendor took for each lead on each connection. */
export class Migration20261204110000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "sync_writes" (
        "id" uuid not null,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        "org_id" uuid not null,
        "connection_id" uuid not null,
        "lead_id" uuid not null,
        "object" varchar(80) not null,
        "payload_hash" varchar(64) not null,
        "written_object" varchar(80) not null,
        "remote_ids" jsonb not null,
        constraint "sync_writes_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "sync_writes" add constraint "sync_writes_connection_id_lead_id_object_unique" unique ("connection_id", "lead_id", "object");`,
    );
    this.addSql(
      `alter table "sync_writes" add constraint "sync_writes_org_id_foreign" foreign key ("org_id") references "orgs" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "sync_writes" add constraint "sync_writes_connection_id_foreign" foreign key ("connection_id") references "connections" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "sync_writes" add constraint "sync_writes_lead_id_foreign" foreign key ("lead_id") references "leads" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sync_writes" cascade;`);
  }
}
