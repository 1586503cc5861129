import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { MappingChanges } from '@libs/mappings';
import { chunk } from '@libs/connector-sdk';
import { JobQueues, type JobQueue } from '@libs/core';
import {
  SYNC_CONNECTION_JOB,
  SYNC_OPTIONS,
  SYNC_QUEUE,
  legacySunsetPassed,
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

/** The vendor a connection writes to: a legacy integration and its successor share one. */
const VENDOR = (alias: string): string => `regexp_replace(${alias}.integration, '^legacy-', '')`;

/**
 * Which platform's connections take lead `l` in the category of connection `c`: the org's
 * platform (`p`; categories without a row, such as webhooks, are on the new one), unless the
 * lead still waits on the other platform's connections of that category — then it finishes
 * there. Legacy past its sunset (the second `?`) keeps nothing.
 */
const OWNING_PLATFORM = `coalesce(
  (SELECT oc.platform FROM sync_records o JOIN connections oc ON oc.id = o.connection_id
    WHERE o.lead_id = l.id AND oc.category = c.category
      AND oc.platform <> coalesce(p.platform, 'new')
      AND o.state NOT IN ('cleared', 'failed')
      AND NOT (oc.platform = 'legacy' AND ?)
    LIMIT 1),
  p.platform, 'new')`;

/**
 * Leads of test events rehearse the move: they go to the category's new-platform connections
 * when it has any, whatever platform it is on, so admins can check a setup before the switch.
 */
const TEST_OR_OWNING_PLATFORM = `CASE WHEN e.is_test AND EXISTS (
    SELECT 1 FROM connections n
     WHERE n.org_id = c.org_id AND n.category = c.category AND n.platform = 'new')
  THEN 'new'::connection_platform ELSE ${OWNING_PLATFORM} END`;

/**
 * Carry-over: the remote ids the other platform's connection to the same vendor stored for the
 * lead (the latest written), so the new record matches the CRM's record instead of creating one.
 */
const CARRIED_REMOTE_IDS = `coalesce(
  (SELECT o.remote_ids FROM sync_records o JOIN connections oc ON oc.id = o.connection_id
    WHERE o.lead_id = l.id AND oc.category = c.category AND oc.platform <> c.platform
      AND ${VENDOR('oc')} = ${VENDOR('c')} AND o.remote_ids <> '{}'::jsonb
    ORDER BY o.synced_at DESC NULLS LAST
    LIMIT 1),
  '{}'::jsonb)`;

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

  /**
   * Returns, per connection, the earliest time one of its records becomes due.
   *
   * A lead goes to the connections of the platform (legacy or new) its org is on for each
   * category, read under a share lock on the org's `org_platforms` rows: a platform switch
   * (which updates them) and an ingest serialise, and the switch is the watermark between the
   * two paths. A lead that still waits on the other path keeps it (it finishes there), unless
   * that path is legacy past its sunset. A record made for a lead the other path already wrote
   * starts from the remote ids that path stored, so the write updates instead of duplicating.
   */
  async scheduleLeads(em: EntityManager, leadIds: string[]): Promise<Map<string, Date>> {
    const due = new Map<string, Date>();
    if (leadIds.length === 0) return due;
    const sunset = legacySunsetPassed(this.options);
    await this.lockPlatforms(em, leadIds);
    for (const ids of chunk(leadIds, SCHEDULE_CHUNK)) {
      const rows: ScheduledRow[] = await em.execute(
        `INSERT INTO sync_records
           (id, org_id, lead_id, connection_id, state, due_at, generation, attempts, remote_ids,
            created_at, updated_at)
         SELECT gen_random_uuid(), c.org_id, l.id, c.id,
           (CASE WHEN c.platform = 'legacy' AND ? THEN 'paused'
              WHEN c.status = 'disconnected' THEN 'paused'
              WHEN c.sync_mode = 'manual' THEN 'frozen'
              WHEN c.sync_mode = 'disabled' THEN 'paused'
              ELSE CASE WHEN l.is_enriched OR l.captured_at + make_interval(secs => ?) <= now()
                        THEN 'queued' ELSE 'awaiting_enrichment' END
            END)::sync_state,
           CASE WHEN l.is_enriched THEN now()
                ELSE greatest(now(), l.captured_at + make_interval(secs => ?)) END,
           1, 0, ${CARRIED_REMOTE_IDS}, now(), now()
         FROM leads l
         JOIN connections c ON c.org_id = l.org_id
         JOIN events e ON e.id = l.event_id
         LEFT JOIN org_platforms p ON p.org_id = c.org_id AND p.category = c.category
         WHERE l.id IN (${ids.map(() => '?').join(', ')})
           AND ${ANNOUNCED}
           AND c.platform = ${TEST_OR_OWNING_PLATFORM}
         ON CONFLICT (lead_id, connection_id) DO UPDATE SET
           generation = sync_records.generation + 1,
           state = CASE WHEN sync_records.state = 'in_flight' THEN sync_records.state
                        ELSE EXCLUDED.state END,
           due_at = EXCLUDED.due_at,
           attempts = 0,
           remote_ids = CASE WHEN sync_records.remote_ids = '{}'::jsonb THEN EXCLUDED.remote_ids
                             ELSE sync_records.remote_ids END,
           updated_at = now()
         RETURNING connection_id, due_at, state`,
        [
          sunset,
          this.options.enrichmentWaitMs / 1000,
          this.options.enrichmentWaitMs / 1000,
          ...ids,
          sunset,
        ],
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
   * Share-locks the platform rows of the leads' orgs until the caller's transaction ends. A
   * switch waits for ingests already past this point, and later ingests wait for the switch and
   * then read the platform it set (each statement of a READ COMMITTED transaction sees what
   * committed before it began).
   */
  private async lockPlatforms(em: EntityManager, leadIds: string[]): Promise<void> {
    const orgs: { org_id: string }[] = await em.execute(
      `SELECT DISTINCT org_id FROM leads WHERE id IN (${leadIds.map(() => '?').join(', ')})`,
      leadIds,
    );
    if (orgs.length === 0) return;
    await em.execute(
      `SELECT id FROM org_platforms
        WHERE org_id IN (${orgs.map(() => '?').join(', ')})
        ORDER BY id FOR SHARE`,
      orgs.map((row) => row.org_id),
    );
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
