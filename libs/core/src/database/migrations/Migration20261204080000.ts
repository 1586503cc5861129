import { Migration } from '@mikro-orm/migrations';

export class Migration20261204080000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "connection_platform" as enum ('legacy', 'new');`);
    this.addSql(
      `alter table "connections" add column "platform" "connection_platform" not null default 'new';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "connections" drop column "platform";`);
    this.addSql(`drop type if exists "connection_platform";`);
  }
}
