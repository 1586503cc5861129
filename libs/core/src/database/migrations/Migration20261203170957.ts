import { Migration } from '@mikro-orm/migrations';

export class Migration20261203170957 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create type "connection_status" as enum ('connected', 'needs_reauth', 'disconnected');`,
    );
    this.addSql(`create type "sync_mode" as enum ('automatic', 'manual', 'disabled');`);
    this.addSql(`create type "mapping_behaviour" as enum ('overwrite', 'write_if_blank');`);
    this.addSql(
      `create type "sync_state" as enum ('awaiting_enrichment', 'queued', 'in_flight', 'frozen', 'paused', 'cleared', 'failed');`,
    );
    this.addSql(
      `create table "orgs" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(200) not null, "api_key_hash" varchar(64) not null, constraint "orgs_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "orgs" add constraint "orgs_api_key_hash_unique" unique ("api_key_hash");`,
    );

    this.addSql(
      `create table "events" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "org_id" uuid not null, "name" varchar(200) not null, "is_test" boolean not null default false, constraint "events_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "events_org_id_index" on "events" ("org_id");`);

    this.addSql(
      `create table "leads" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "org_id" uuid not null, "event_id" uuid not null, "external_id" varchar(120) null, "first_name" text null, "last_name" text null, "email" varchar(320) null, "job_title" text null, "phone" text null, "mobile_phone" text null, "company_name" text null, "company_industry" text null, "company_website" text null, "address_street" text null, "address_city" text null, "address_state" text null, "address_postal_code" text null, "address_country" text null, "linkedin_url" text null, "notes" text null, "rating" text null, "lead_source" text null, "annual_revenue" double precision null, "employees" int null, "answers" jsonb not null default '{}', "scan_count" int not null default 1, "captured_by" text null, "captured_at" timestamptz not null default now(), "is_enriched" boolean not null default false, constraint "leads_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "leads_org_id_event_id_index" on "leads" ("org_id", "event_id");`);
    this.addSql(
      `create unique index "leads_event_email_unique" on "leads" ("event_id", "email") where "external_id" is null and "email" is not null;`,
    );
    this.addSql(
      `create unique index "leads_org_external_id_unique" on "leads" ("org_id", "external_id") where "external_id" is not null;`,
    );

    this.addSql(
      `create table "connections" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "org_id" uuid not null, "integration" varchar(80) not null, "category" varchar(40) not null, "status" "connection_status" not null default 'connected', "sync_mode" "sync_mode" not null default 'automatic', "persona_object" varchar(80) null, "sealed_credentials" text null, "settings" jsonb not null default '{}', "account" varchar(255) null, "problem" jsonb null, constraint "connections_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "connections_org_id_index" on "connections" ("org_id");`);

    this.addSql(
      `create table "mapping_rows" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "connection_id" uuid not null, "object" varchar(80) not null, "source" varchar(120) not null, "target" varchar(255) not null, "behaviour" "mapping_behaviour" not null default 'overwrite', "defaults_version" varchar(40) null, "version" int not null default 1, constraint "mapping_rows_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "mapping_rows" add constraint "mapping_rows_connection_id_object_target_unique" unique ("connection_id", "object", "target");`,
    );

    this.addSql(
      `create table "remote_schemas" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "connection_id" uuid not null, "object" varchar(80) not null, "fields" jsonb not null, "fetched_at" timestamptz not null, constraint "remote_schemas_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "remote_schemas" add constraint "remote_schemas_connection_id_object_unique" unique ("connection_id", "object");`,
    );

    this.addSql(
      `create table "sync_records" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "org_id" uuid not null, "lead_id" uuid not null, "connection_id" uuid not null, "state" "sync_state" not null default 'queued', "due_at" timestamptz not null default now(), "generation" int not null default 1, "attempts" int not null default 0, "claimed_at" timestamptz null, "remote_ids" jsonb not null default '{}', "payload_hash" varchar(64) null, "synced_at" timestamptz null, "error_category" varchar(40) null, "error_code" varchar(120) null, "error_message" text null, "error_field" varchar(255) null, constraint "sync_records_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "sync_records_connection_id_state_due_at_index" on "sync_records" ("connection_id", "state", "due_at");`,
    );
    this.addSql(
      `alter table "sync_records" add constraint "sync_records_lead_id_connection_id_unique" unique ("lead_id", "connection_id");`,
    );

    this.addSql(
      `alter table "events" add constraint "events_org_id_foreign" foreign key ("org_id") references "orgs" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "leads" add constraint "leads_org_id_foreign" foreign key ("org_id") references "orgs" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "leads" add constraint "leads_event_id_foreign" foreign key ("event_id") references "events" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "connections" add constraint "connections_org_id_foreign" foreign key ("org_id") references "orgs" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "mapping_rows" add constraint "mapping_rows_connection_id_foreign" foreign key ("connection_id") references "connections" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "remote_schemas" add constraint "remote_schemas_connection_id_foreign" foreign key ("connection_id") references "connections" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "sync_records" add constraint "sync_records_org_id_foreign" foreign key ("org_id") references "orgs" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "sync_records" add constraint "sync_records_lead_id_foreign" foreign key ("lead_id") references "leads" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "sync_records" add constraint "sync_records_connection_id_foreign" foreign key ("connection_id") references "connections" ("id") on update cascade on delete cascade;`,
    );
  }
}
