import { Entity, Enum, Index, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import type { ErrorCategory, FieldValue } from '@libs/connector-sdk';
import { BaseEntity, OrgOwned } from '@libs/core';
import { Connection } from '@libs/connections';
import { Lead } from '@libs/leads';
import { Org } from '@libs/orgs';

export enum SyncState {
  /** Automatic mode, waiting for enrichment until `dueAt`. */
  AwaitingEnrichment = 'awaiting_enrichment',
  Queued = 'queued',
  /** Claimed by a worker; reclaimable once its lease ends. */
  InFlight = 'in_flight',
  /** Manual mode: held until an admin pushes it. */
  Frozen = 'frozen',
  /** Disabled mode or a disconnected connection: held, never dropped. */
  Paused = 'paused',
  Cleared = 'cleared',
  Failed = 'failed',
}

/** What the last successful write sent: the object and the mapped values. */
export interface WrittenPayload {
  object: string;
  values: Record<string, FieldValue>;
}

export const PRE_SYNC_STATES: readonly SyncState[] = [
  SyncState.AwaitingEnrichment,
  SyncState.Queued,
  SyncState.InFlight,
  SyncState.Frozen,
  SyncState.Paused,
];

/** The state of one lead in one connection. */
@Entity({ tableName: 'sync_records' })
@Unique({ properties: ['lead', 'connection'] })
@Index({ properties: ['connection', 'state', 'dueAt'] })
@OrgOwned()
export class SyncRecord extends BaseEntity {
  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org: Org;

  @ManyToOne(() => Lead, { deleteRule: 'cascade' })
  lead: Lead;

  @ManyToOne(() => Connection, { deleteRule: 'cascade' })
  connection: Connection;

  @Enum({ items: () => SyncState, nativeEnumName: 'sync_state' })
  state: Opt<SyncState> = SyncState.Queued;

  /** When the record may be picked up (enrichment wait, retry backoff). */
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  dueAt: Opt<Date> = new Date();

  /** Bumped by every lead change; a worker only clears the generation it wrote. */
  @Property({ type: 'integer', default: 1 })
  generation: Opt<number> = 1;

  /** Transient failures so far for the current generation. */
  @Property({ type: 'integer', default: 0 })
  attempts: Opt<number> = 0;

  @Property({ type: 'datetime', nullable: true })
  claimedAt?: Date | null;

  /** The worker process that claimed it (see `SyncWorkerBeat`). */
  @Property({ type: 'uuid', nullable: true })
  claimedBy?: string | null;

  /** Remote object → remote id, e.g. `{ "Lead": "00Q…" }`. */
  @Property({ type: 'json', default: '{}' })
  remoteIds: Opt<Record<string, string>> = {};

  /** Hash of the last payload written, so an unchanged lead makes no API call. */
  @Property({ type: 'string', length: 64, nullable: true })
  payloadHash?: string | null;

  /**
   * The object and values the last successful write sent, so a later configuration can be
   * compared with what this connection actually wrote (shadow mode). Kept while unchanged leads
   * are skipped; null until a write succeeds.
   */
  @Property({ type: 'json', nullable: true })
  lastWritten?: WrittenPayload | null;

  @Property({ type: 'datetime', nullable: true })
  syncedAt?: Date | null;

  @Property({ type: 'string', length: 40, nullable: true })
  errorCategory?: ErrorCategory | null;

  @Property({ type: 'string', length: 120, nullable: true })
  errorCode?: string | null;

  @Property({ type: 'text', nullable: true })
  errorMessage?: string | null;

  @Property({ type: 'string', length: 255, nullable: true })
  errorField?: string | null;
}
