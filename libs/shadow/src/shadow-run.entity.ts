import { Entity, Enum, Index, ManyToOne, Property, type Opt } from '@mikro-orm/core';
import type { IntegrationCategory } from '@libs/connector-sdk';
import { BaseEntity, OrgOwned } from '@libs/core';
import { Connection } from '@libs/connections';
import { Org } from '@libs/orgs';

export enum ShadowRunStatus {
  Queued = 'queued',
  Running = 'running',
  Done = 'done',
  Failed = 'failed',
}

/**
 * A staff-started comparison of an org's new configuration with its legacy integration: the
 * leads the legacy connection synced in a window, mapped, pre-flighted and matched through the
 * new connection without writing anything.
 */
@Entity({ tableName: 'shadow_runs' })
@Index({ properties: ['org', 'createdAt'] })
@OrgOwned()
export class ShadowRun extends BaseEntity {
  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org: Org;

  /** The connection whose writes are the reference. */
  @ManyToOne(() => Connection, { deleteRule: 'cascade' })
  legacyConnection: Connection;

  /** The new platform's connection, run in shadow: it never writes. */
  @ManyToOne(() => Connection, { deleteRule: 'cascade' })
  newConnection: Connection;

  @Property({ type: 'string', length: 40 })
  category: IntegrationCategory;

  /** Leads the legacy connection synced at or after this time. */
  @Property({ type: 'datetime', nullable: true })
  windowFrom?: Date | null;

  /** Leads the legacy connection synced before this time (the start, when not given). */
  @Property({ type: 'datetime' })
  windowTo: Date;

  /** Only leads captured at this event. */
  @Property({ type: 'uuid', nullable: true })
  eventId?: string | null;

  @Enum({ items: () => ShadowRunStatus, nativeEnumName: 'shadow_run_status' })
  status: Opt<ShadowRunStatus> = ShadowRunStatus.Queued;

  /** Leads the run compares. */
  @Property({ type: 'integer', default: 0 })
  total: Opt<number> = 0;

  /** Leads compared so far. */
  @Property({ type: 'integer', default: 0 })
  processed: Opt<number> = 0;

  /** Why the run stopped, when it failed as a whole. */
  @Property({ type: 'text', nullable: true })
  error?: string | null;

  /** Who started it, as the audit log names them. */
  @Property({ type: 'string', length: 200 })
  startedBy: string;

  @Property({ type: 'datetime', nullable: true })
  finishedAt?: Date | null;
}
