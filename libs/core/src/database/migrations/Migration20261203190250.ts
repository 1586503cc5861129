import { Migration } from '@mikro-orm/migrations';

export class Migration20261203190250 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "oauth_states" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "org_id" uuid not null, "integration" varchar(80) not null, "connection_id" uuid null, "redirect_uri" text not null, "sealed_request" text null, "expires_at" timestamptz not null, "used_at" timestamptz null, constraint "oauth_states_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "oauth_states_expires_at_index" on "oauth_states" ("expires_at");`);

    this.addSql(
      `alter table "oauth_states" add constraint "oauth_states_org_id_foreign" foreign key ("org_id") references "orgs" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "oauth_states" add constraint "oauth_states_connection_id_foreign" foreign key ("connection_id") references "connections" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "oauth_states" cascade;`);
  }
}
