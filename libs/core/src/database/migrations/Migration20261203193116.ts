import { Migration } from '@mikro-orm/migrations';

export class Migration20261203193116 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "mapping_value_format" as enum ('e164', 'first_email');`);
    this.addSql(
      `create table "mapping_defaults" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "connection_id" uuid not null, "object" varchar(80) not null, "version" varchar(40) not null, "rows" jsonb not null, "applied_at" timestamptz not null, constraint "mapping_defaults_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "mapping_defaults" add constraint "mapping_defaults_connection_id_object_unique" unique ("connection_id", "object");`,
    );

    this.addSql(
      `alter table "mapping_defaults" add constraint "mapping_defaults_connection_id_foreign" foreign key ("connection_id") references "connections" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "mapping_rows" add column "constant" text null, add column "template" text null, add column "value_map" jsonb null, add column "format" "mapping_value_format" null, add column "truncate" boolean not null default false;`,
    );
    this.addSql(`alter table "mapping_rows" alter column "source" drop not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mapping_defaults" cascade;`);

    this.addSql(
      `alter table "mapping_rows" drop column "constant", drop column "template", drop column "value_map", drop column "format", drop column "truncate";`,
    );

    this.addSql(`alter table "mapping_rows" alter column "source" set not null;`);

    this.addSql(`drop type "mapping_value_format";`);
  }
}
