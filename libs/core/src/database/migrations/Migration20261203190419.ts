import { Migration } from '@mikro-orm/migrations';

export class Migration20261203190419 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "reconciliation_action_kind" as enum ('retry');`);
    this.addSql(
      `create table "reconciliation_actions" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "org_id" uuid not null, "connection_id" uuid not null, "kind" "reconciliation_action_kind" not null default 'retry', "selection" jsonb not null, "sync_record_ids" jsonb not null, constraint "reconciliation_actions_pkey" primary key ("id"));`,
    );

    this.addSql(
      `alter table "reconciliation_actions" add constraint "reconciliation_actions_org_id_foreign" foreign key ("org_id") references "orgs" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "reconciliation_actions" add constraint "reconciliation_actions_connection_id_foreign" foreign key ("connection_id") references "connections" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "reconciliation_actions" cascade;`);

    this.addSql(`drop type "reconciliation_action_kind";`);
  }
}
