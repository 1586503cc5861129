import { Migration } from '@mikro-orm/migrations';

export class Migration20261203190528 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "org_role" as enum ('admin', 'rep');`);
    this.addSql(
      `create table "audit_log" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "org_id" uuid not null, "actor" varchar(200) not null, "action" varchar(60) not null, "target_type" varchar(40) not null, "target_id" varchar(120) not null, "detail" jsonb null, constraint "audit_log_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "audit_log_org_id_created_at_index" on "audit_log" ("org_id", "created_at");`,
    );

    this.addSql(
      `create table "api_keys" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "org_id" uuid not null, "role" "org_role" not null, "name" varchar(200) null, "key_hash" varchar(64) not null, "revoked_at" timestamptz null, constraint "api_keys_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "api_keys" add constraint "api_keys_key_hash_unique" unique ("key_hash");`,
    );
    this.addSql(`create index "api_keys_org_id_index" on "api_keys" ("org_id");`);

    this.addSql(
      `alter table "audit_log" add constraint "audit_log_org_id_foreign" foreign key ("org_id") references "orgs" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "api_keys" add constraint "api_keys_org_id_foreign" foreign key ("org_id") references "orgs" ("id") on update cascade on delete cascade;`,
    );

    // Each org's existing key becomes its first admin key: callers keep working.
    this.addSql(
      `insert into "api_keys" ("id", "org_id", "role", "name", "key_hash") select gen_random_uuid(), "id", 'admin', 'first admin key', "api_key_hash" from "orgs";`,
    );
    this.addSql(`alter table "orgs" drop constraint "orgs_api_key_hash_unique";`);
    this.addSql(`alter table "orgs" drop column "api_key_hash";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_log" cascade;`);

    this.addSql(`alter table "orgs" add column "api_key_hash" varchar(64) null;`);
    // Back to one key per org: its oldest live admin key, or an unusable digest if it has none.
    this.addSql(
      `update "orgs" o set "api_key_hash" = coalesce((select k."key_hash" from "api_keys" k where k."org_id" = o."id" and k."role" = 'admin' and k."revoked_at" is null order by k."created_at" limit 1), md5(random()::text) || md5(random()::text));`,
    );
    this.addSql(`alter table "orgs" alter column "api_key_hash" set not null;`);
    this.addSql(`drop table if exists "api_keys" cascade;`);
    this.addSql(
      `alter table "orgs" add constraint "orgs_api_key_hash_unique" unique ("api_key_hash");`,
    );

    this.addSql(`drop type "org_role";`);
  }
}
