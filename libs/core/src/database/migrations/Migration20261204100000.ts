import { Migration } from '@mikro-orm/migrations';

/** Drafts of legacy mappings imported for review, and each connection's stable account id. */
export class Migration20261204100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "connections" add column "account_id" varchar(255) null;`);

    this.addSql(
      `create table "legacy_mapping_drafts" (
        "id" uuid not null,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        "connection_id" uuid not null,
        "legacy_connection_id" uuid not null,
        "rows" jsonb not null,
        "skipped" jsonb not null default '[]',
        "imported_by" varchar(200) not null,
        "applied_at" timestamptz null,
        "version" int not null default 1,
        constraint "legacy_mapping_drafts_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "legacy_mapping_drafts" add constraint "legacy_mapping_drafts_connection_id_unique" unique ("connection_id");`,
    );
    this.addSql(
      `alter table "legacy_mapping_drafts" add constraint "legacy_mapping_drafts_connection_id_foreign" foreign key ("connection_id") references "connections" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "legacy_mapping_drafts" add constraint "legacy_mapping_drafts_legacy_connection_id_foreign" foreign key ("legacy_connection_id") references "connections" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "legacy_mapping_drafts" cascade;`);
    this.addSql(`alter table "connections" drop column "account_id";`);
  }
}
