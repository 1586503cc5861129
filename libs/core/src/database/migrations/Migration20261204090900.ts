import { Migration } from '@mikro-orm/migrations';

export class Migration20261204090900 extends Migration {
  override async up(): Promise<void> {
    // A manual push of Frozen leads is followed like a retry.
    this.addSql(`alter type "reconciliation_action_kind" add value if not exists 'push';`);
  }

  override async down(): Promise<void> {
    // PostgreSQL cannot drop an enum value: the type is rebuilt without it.
    this.addSql(`delete from "reconciliation_actions" where "kind" = 'push';`);
    this.addSql(`alter table "reconciliation_actions" alter column "kind" drop default;`);
    this.addSql(
      `alter type "reconciliation_action_kind" rename to "reconciliation_action_kind_old";`,
    );
    this.addSql(`create type "reconciliation_action_kind" as enum ('retry');`);
    this.addSql(
      `alter table "reconciliation_actions" alter column "kind" type "reconciliation_action_kind" using "kind"::text::"reconciliation_action_kind";`,
    );
    this.addSql(`alter table "reconciliation_actions" alter column "kind" set default 'retry';`);
    this.addSql(`drop type "reconciliation_action_kind_old";`);
  }
}
