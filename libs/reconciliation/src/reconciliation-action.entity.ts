import { Entity, Enum, ManyToOne, Property, type Opt } from '@mikro-orm/core';
import { BaseEntity, OrgOwned } from '@libs/core';
import { Connection } from '@libs/connections';
import { Org } from '@libs/orgs';

export enum ReconciliationActionKind {
  Retry = 'retry',
  /** A manual push of Frozen leads. */
  Push = 'push',
}

/** What an admin's retry or push selected. */
export interface RetrySelection {
  leadIds?: string[];
  category?: string;
  eventId?: string;
}

/** An admin action over failed or frozen leads; its progress is read from the sync records it moved. */
@OrgOwned()
@Entity({ tableName: 'reconciliation_actions' })
export class ReconciliationAction extends BaseEntity {
  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org: Org;

  @ManyToOne(() => Connection, { deleteRule: 'cascade' })
  connection: Connection;

  @Enum({ items: () => ReconciliationActionKind, nativeEnumName: 'reconciliation_action_kind' })
  kind: Opt<ReconciliationActionKind> = ReconciliationActionKind.Retry;

  @Property({ type: 'json' })
  selection: RetrySelection;

  /** The sync records the action moved back to the queue. */
  @Property({ type: 'json' })
  syncRecordIds: string[];
}
