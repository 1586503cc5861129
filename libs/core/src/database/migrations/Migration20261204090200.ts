import { Migration } from '@mikro-orm/migrations';

export class Migration20261204090200 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "campaign_links" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "org_id" uuid not null, "event_id" uuid not null, "connection_id" uuid not null, "campaign_id" varchar(255) not null, "campaign_name" varchar(255) null, "status" varchar(255) null, "status_by_answer" jsonb null, "min_scans" int not null default 1, "enabled" boolean not null default true, constraint "campaign_links_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "campaign_links_connection_id_event_id_index" on "campaign_links" ("connection_id", "event_id");`,
    );
    this.addSql(
      `alter table "campaign_links" add constraint "campaign_links_event_id_connection_id_campaign_id_unique" unique ("event_id", "connection_id", "campaign_id");`,
    );

    this.addSql(
      `create table "campaign_memberships" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "org_id" uuid not null, "link_id" uuid not null, "lead_id" uuid not null, "person_id" varchar(255) not null, "status" varchar(255) null, constraint "campaign_memberships_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "campaign_memberships" add constraint "campaign_memberships_link_id_lead_id_unique" unique ("link_id", "lead_id");`,
    );

    this.addSql(
      `alter table "campaign_links" add constraint "campaign_links_org_id_foreign" foreign key ("org_id") references "orgs" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "campaign_links" add constraint "campaign_links_event_id_foreign" foreign key ("event_id") references "events" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "campaign_links" add constraint "campaign_links_connection_id_foreign" foreign key ("connection_id") references "connections" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "campaign_memberships" add constraint "campaign_memberships_org_id_foreign" foreign key ("org_id") references "orgs" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "campaign_memberships" add constraint "campaign_memberships_link_id_foreign" foreign key ("link_id") references "campaign_links" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "campaign_memberships" add constraint "campaign_memberships_lead_id_foreign" foreign key ("lead_id") references "leads" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "campaign_memberships" cascade;`);
    this.addSql(`drop table if exists "campaign_links" cascade;`);
  }
}
