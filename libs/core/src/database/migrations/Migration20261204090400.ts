import { Migration } from '@mikro-orm/migrations';

export class Migration20261204090400 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "org_platforms" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "org_id" uuid not null, "category" varchar(40) not null, "platform" "connection_platform" not null default 'new', "switched_at" timestamptz null, "scheduled_platform" "connection_platform" null, "scheduled_at" timestamptz null, "scheduled_by" varchar(200) null, "schedule_problem" text null, constraint "org_platforms_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "org_platforms" add constraint "org_platforms_org_id_category_unique" unique ("org_id", "category");`,
    );
    this.addSql(
      `alter table "org_platforms" add constraint "org_platforms_org_id_foreign" foreign key ("org_id") references "orgs" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(`alter table "connections" add column "sync_mode_chosen_at" timestamptz null;`);

    // Every org so far runs on the new platform, in every category.
    this.addSql(
      `insert into "org_platforms" ("id", "org_id", "category", "platform")
       select gen_random_uuid(), "o"."id", "c"."category", 'new'
         from "orgs" "o"
         cross join unnest(array['crm', 'marketing_automation', 'communication']) as "c"("category");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "org_platforms" cascade;`);
    this.addSql(`alter table "connections" drop column "sync_mode_chosen_at";`);
  }
}
