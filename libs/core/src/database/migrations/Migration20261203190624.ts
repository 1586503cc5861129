import { Migration } from '@mikro-orm/migrations';

export class Migration20261203190624 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "rate_budgets" ("key" varchar(255) not null, "paused_until" timestamptz null, "calls" jsonb not null default '{}', "leases" jsonb not null default '{}', "tokens" double precision null, "tokens_at" bigint null, "day" varchar(10) null, "day_count" int not null default 0, constraint "rate_budgets_pkey" primary key ("key"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rate_budgets" cascade;`);
  }
}
