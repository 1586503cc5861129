import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { MappingChanges } from '@libs/mappings';
import { chunk } from '@libs/connector-sdk';
import { JobQueues, type JobQueue } from '@libs/core';
import {
  SYNC_CONNECTION_JOB,
  SYNC_OPTIONS,
  SYNC_QUEUE,
  type SyncJobData,
  type SyncOptions,
} from './sync.constants';

interface ScheduledRow {
  connection_id: string;
  due_at: Date;
}

const SCHEDULE_CHUNK = 1_000;

/**
 * Creates or refreshes the sync record of each lead in each of its org's active connections.
 * Runs inside the caller's transaction, so no lead is stored without its sync being scheduled.
 */
/**
 * A messaging connection announces a lead unless it has lead-alert rules and none matches: the
 * lead's event is among the rule's events (any when empty) and, for every qualifier the rule
 * names, the lead chose one of its values.
 */
const ANNOUNCED = `(c.category <> 'communication'
  OR NOT EXISTS (SELECT 1 FROM notification_rules r
                  WHERE r.connection_id = c.id AND r.kind = 'lead_captured')
  OR EXISTS (SELECT 1 FROM notification_rules r
              WHERE r.connection_id = c.id AND r.kind = 'lead_captured'
                AND (jsonb_array_length(r.event_ids) = 0 OR jsonb_exists(r.event_ids, l.event_id::text))
                AND NOT EXISTS (
                  SELECT 1 FROM jsonb_each(r.answers) q
                   WHERE NOT jsonb_exists_any(coalesce(l.answers -> q.key, '[]'::jsonb),
                                              ARRAY(SELECT jsonb_array_elements_text(q.value))))))`;

@Injectable()
export class SyncScheduler {
  private readonly logger = new Logger(SyncScheduler.name);
  private readonly queue: JobQueue<SyncJobData>;

  constructor(
    queues: JobQueues,
    @Inject(SYNC_OPTIONS) private readonly options: SyncOptions,
    mappings: MappingChanges,
  ) {
    this.queue = queues.queue<SyncJobData>(SYNC_QUEUE);
    // Leads held for want of a mapping go as soon as one is set.
    mappings.subscribe((connectionId) => this.kick(connectionId));
  }

  /** Returns, per connection, the earliest time one of its records becomes due. */
  async scheduleLeads(em: EntityManager, leadIds: string[]): Promise<Map<string, Date>> {
    const due = new Map<string, Date>();
    for (const ids of chunk(leadIds, SCHEDULE_CHUNK)) {
      const rows: ScheduledRow[] = await em.execute(
        `INSERT INTO sync_records
           (id, org_id, lead_id, connection_id, state, due_at, generation, attempts, remote_ids,
            created_at, updated_at)
         SELECT gen_random_uuid(), c.org_id, l.id, c.id,
           (CASE WHEN c.status = 'disconnected' THEN 'paused'
              WHEN c.sync_mode = 'manual' THEN 'frozen'
              WHEN c.sync_mode = 'disabled' THEN 'paused'
              ELSE CASE WHEN l.is_enriched OR l.captured_at + make_interval(secs => ?) <= now()
                        THEN 'queued' ELSE 'awaiting_enrichment' END
            END)::sync_state,
           CASE WHEN l.is_enriched THEN now()
                ELSE greatest(now(), l.captured_at + make_interval(secs => ?)) END,
           1, 0, '{}', now(), now()
         FROM leads l
         JOIN connections c ON c.org_id = l.org_id
         WHERE l.id IN (${ids.map(() => '?').join(', ')})
           AND ${ANNOUNCED}
         ON CONFLICT (lead_id, connection_id) DO UPDATE SET
           generation = sync_records.generation + 1,
           state = CASE WHEN sync_records.state = 'in_flight' THEN sync_records.state
                        ELSE EXCLUDED.state END,
           due_at = EXCLUDED.due_at,
           attempts = 0,
           updated_at = now()
         RETURNING connection_id, due_at, state`,
        [this.options.enrichmentWaitMs / 1000, this.options.enrichmentWaitMs / 1000, ...ids],
      );
      for (const row of rows) {
        const current = due.get(row.connection_id);
        const at = new Date(row.due_at);
        if (!current || at < current) due.set(row.connection_id, at);
      }
    }

    return due;
  }

  /**
   * Asks a worker to sync a connection once its earliest record is due. Bursts within the
   * linger window collapse into one job, so they fill one batch.
   */
  async kick(connectionId: string, dueAt: Date = new Date()): Promise<void> {
    const delay = Math.max(this.options.lingerMs, dueAt.getTime() - Date.now());
    const bucket = Math.floor((Date.now() + delay) / Math.max(this.options.lingerMs, 1));
    await this.queue.add(
      SYNC_CONNECTION_JOB,
      { connectionId },
      {
        jobId: `sync-${connectionId}-${bucket}`,
        delay,
        removeOnComplete: 1000,
        removeOnFail: 5000,
      },
    );
  }

  async kickAll(due: Map<string, Date>): Promise<void> {
    for (const [connectionId, dueAt] of due) {
      await this.kick(connectionId, dueAt).catch((error: unknown) =>
        // The sweeper picks up due records whose job could not be queued.
        this.logger.error({ connectionId, err: error }, 'could not queue sync job'),
      );
    }
  }
}
