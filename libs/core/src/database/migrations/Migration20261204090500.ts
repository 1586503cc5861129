import { Migration } from '@mikro-orm/migrations';

/** What each sync record last wrote, and shadow runs with their per-lead results. */
export class Migration20261204090500 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "sync_records" add column "last_written" jsonb null;`);

    this.addSql(`create type "shadow_run_status" as enum ('queued', 'running', 'done', 'failed');`);
    this.addSql(`create type "shadow_outcome" as enum ('identical', 'differs', 'would_fail');`);
    this.addSql(
      `create table "shadow_runs" (
        "id" uuid not null,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        "org_id" uuid not null,
        "legacy_connection_id" uuid not null,
        "new_connection_id" uuid not null,
        "category" varchar(40) not null,
        "window_from" timestamptz null,
        "window_to" timestamptz not null,
        "event_id" uuid null,
        "status" "shadow_run_status" not null default 'queued',
        "total" int not null default 0,
        "processed" int not null default 0,
        "error" text null,
        "started_by" varchar(200) not null,
        "finished_at" timestamptz null,
        constraint "shadow_runs_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "shadow_runs_org_id_created_at_index" on "shadow_runs" ("org_id", "created_at");`,
    );
    this.addSql(
      `create table "shadow_results" (
        "id" uuid not null,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        "run_id" uuid not null,
        "org_id" uuid not null,
        "lead_id" uuid not null,
        "outcome" "shadow_outcome" not null,
        "legacy_state" varchar(40) not null,
        "legacy_object" varchar(80) null,
        "new_object" varchar(80) not null,
        "legacy_remote_id" varchar(120) null,
        "new_remote_id" varchar(120) null,
        "matched_by" varchar(20) null,
        "would_duplicate" boolean not null default false,
        "differences" jsonb not null default '[]',
        "error_category" varchar(40) null,
        "error_code" varchar(120) null,
        "error_message" text null,
        "error_field" varchar(255) null,
        constraint "shadow_results_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "shadow_results_run_id_outcome_index" on "shadow_results" ("run_id", "outcome");`,
    );
    this.addSql(
      `alter table "shadow_results" add constraint "shadow_results_run_id_lead_id_unique" unique ("run_id", "lead_id");`,
    );

    this.addSql(
      `alter table "shadow_runs" add constraint "shadow_runs_org_id_foreign" foreign key ("org_id") references "orgs" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "shadow_runs" add constraint "shadow_runs_legacy_connection_id_foreign" foreign key ("legacy_connection_id") references "connections" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "shadow_runs" add constraint "shadow_runs_new_connection_id_foreign" foreign key ("new_connection_id") references "connections" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "shadow_results" add constraint "shadow_results_run_id_foreign" foreign key ("run_id") references "shadow_runs" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "shadow_results" add constraint "shadow_results_org_id_foreign" foreign key ("org_id") references "orgs" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "shadow_results" add constraint "shadow_results_lead_id_foreign" foreign key ("lead_id") references "leads" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "shadow_results" cascade;`);
    this.addSql(`drop table if exists "shadow_runs" cascade;`);
    this.addSql(`drop type if exists "shadow_outcome";`);
    this.addSql(`drop type if exists "shadow_run_status";`);
    this.addSql(`alter table "sync_records" drop column "last_written";`);
  }
}
