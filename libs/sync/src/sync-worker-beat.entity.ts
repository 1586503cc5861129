import { Entity, PrimaryKey, Property, type Opt } from '@mikro-orm/core';

/**
 * A process running sync workers, and when it last said it is alive. Leads it claimed are taken
 * over by other workers once it falls silent (killed, out of memory, its machine gone), without
 * waiting for the claim's lease to end.
 */
@Entity({ tableName: 'sync_worker_beats' })
export class SyncWorkerBeat {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  seenAt: Opt<Date> = new Date();
}
