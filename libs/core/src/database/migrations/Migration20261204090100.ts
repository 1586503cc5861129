import { Migration } from '@mikro-orm/migrations';

export class Migration20261204090100 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "qualifier_choice" as enum ('single', 'multiple');`);
    this.addSql(`create type "qualifier_mapping_mode" as enum ('options', 'text');`);
    this.addSql(
      `create table "qualifiers" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "org_id" uuid not null, "name" varchar(120) not null, "question" text not null, "values" jsonb not null, "choice" "qualifier_choice" not null default 'single', constraint "qualifiers_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "qualifiers" add constraint "qualifiers_org_id_name_unique" unique ("org_id", "name");`,
    );
    this.addSql(
      `create table "qualifier_mappings" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "connection_id" uuid not null, "object" varchar(80) not null, "qualifier_id" uuid not null, "target" varchar(255) not null, "mode" "qualifier_mapping_mode" not null, "options" jsonb null, constraint "qualifier_mappings_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "qualifier_mappings" add constraint "qualifier_mappings_connection_id_object_target_unique" unique ("connection_id", "object", "target");`,
    );
    this.addSql(
      `alter table "qualifier_mappings" add constraint "qualifier_mappings_connection_id_object_qualifier_id_unique" unique ("connection_id", "object", "qualifier_id");`,
    );

    this.addSql(
      `alter table "qualifiers" add constraint "qualifiers_org_id_foreign" foreign key ("org_id") references "orgs" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "qualifier_mappings" add constraint "qualifier_mappings_connection_id_foreign" foreign key ("connection_id") references "connections" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "qualifier_mappings" add constraint "qualifier_mappings_qualifier_id_foreign" foreign key ("qualifier_id") references "qualifiers" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "qualifier_mappings" cascade;`);
    this.addSql(`drop table if exists "qualifiers" cascade;`);
    this.addSql(`drop type if exists "qualifier_mapping_mode";`);
    this.addSql(`drop type if exists "qualifier_choice";`);
  }
}
