import { Migration } from '@mikro-orm/migrations';

export class Migration20261203191642 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "notification_kind" as enum ('sync_error_digest', 'lead_captured');`);
    this.addSql(`create type "digest_period" as enum ('hourly', 'daily');`);
    this.addSql(
      `create table "notification_rules" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "org_id" uuid not null, "connection_id" uuid not null, "kind" "notification_kind" not null default 'sync_error_digest', "period" "digest_period" not null default 'hourly', "channel" varchar(80) null, "watched_connection_ids" jsonb not null default '[]', "event_ids" jsonb not null default '[]', "answers" jsonb not null default '{}', "last_run_at" timestamptz null, constraint "notification_rules_pkey" primary key ("id"));`,
    );

    this.addSql(
      `alter table "notification_rules" add constraint "notification_rules_org_id_foreign" foreign key ("org_id") references "orgs" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "notification_rules" add constraint "notification_rules_connection_id_foreign" foreign key ("connection_id") references "connections" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "notification_rules" cascade;`);

    this.addSql(`drop type "notification_kind";`);
    this.addSql(`drop type "digest_period";`);
  }
}
