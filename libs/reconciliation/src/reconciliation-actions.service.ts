import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ConnectionsService } from '@libs/connections';
import { DomainError, ErrorCode } from '@libs/core';
import type { Org } from '@libs/orgs';
import { SyncModesService, SyncScheduler, type PushSelection } from '@libs/sync';
import {
  ReconciliationAction,
  ReconciliationActionKind,
  type RetrySelection,
} from './reconciliation-action.entity';

export interface ActionProgress {
  id: string;
  kind: ReconciliationActionKind;
  connectionId: string;
  selection: RetrySelection;
  createdAt: Date;
  /** Leads the action moved back to the queue. */
  total: number;
  cleared: number;
  failed: number;
  /** Still waiting or being written. */
  pending: number;
  done: boolean;
}

/** Retries of failed leads, each followed as an action with progress and a final count. */
@Injectable()
export class ReconciliationActionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly connections: ConnectionsService,
    private readonly scheduler: SyncScheduler,
    private readonly modes: SyncModesService,
  ) {}

  /**
   * Manual mode: queues Frozen leads now — one, a selection or a whole event — and returns the
   * push as an action to follow, like a retry.
   */
  async push(org: Org, connectionId: string, selection: PushSelection): Promise<ActionProgress> {
    const action = await this.em.transactional(async (em) => {
      const pushed = await this.modes.push(em, org, connectionId, selection);
      const created = em.create(ReconciliationAction, {
        org,
        connection: pushed.connection,
        kind: ReconciliationActionKind.Push,
        selection,
        syncRecordIds: pushed.syncRecordIds,
      });
      em.persist(created);

      return created;
    });
    if (action.syncRecordIds.length > 0) await this.scheduler.kick(action.connection.id);

    return this.progressOf(action);
  }

  /**
   * Queues the failed leads of a connection again — one, a selection, a category or an event
   * (filters combine) — for the next batch, with a fresh retry budget.
   */
  async retry(org: Org, connectionId: string, selection: RetrySelection): Promise<ActionProgress> {
    const connection = await this.connections.get(org, connectionId);
    if (!selection.leadIds?.length && !selection.category && !selection.eventId) {
      throw DomainError.invalid([
        { field: 'leadIds', message: 'name the leads to retry, a category or an eventId' },
      ]);
    }
    const conditions = ['sr.connection_id = ?', 'sr.org_id = ?', "sr.state = 'failed'"];
    const params: unknown[] = [connection.id, org.id];
    if (selection.leadIds?.length) {
      conditions.push(`sr.lead_id IN (${selection.leadIds.map(() => '?').join(', ')})`);
      params.push(...selection.leadIds);
    }
    if (selection.category) {
      conditions.push("coalesce(sr.error_category, 'UNKNOWN') = ?");
      params.push(selection.category);
    }
    if (selection.eventId) {
      conditions.push('l.event_id = ?');
      params.push(selection.eventId);
    }

    const action = await this.em.transactional(async (em) => {
      const rows: { id: string; synced_at: Date | null }[] = await em.execute(
        `UPDATE sync_records sr
            SET state = 'queued', due_at = now(), attempts = 0, updated_at = now()
           FROM leads l
          WHERE l.id = sr.lead_id AND ${conditions.join(' AND ')}
          RETURNING sr.id, sr.synced_at`,
        params,
      );
      if (rows.length > 0) {
        // A retry follows a fix, often in the vendor: dating the cached schema before the
        // earliest retried failure makes the next batch read it again, whatever was read since.
        const failedAt = rows.reduce(
          (earliest, row) => Math.min(earliest, new Date(row.synced_at ?? 0).getTime()),
          Date.now(),
        );
        await em.execute(
          `UPDATE remote_schemas SET fetched_at = least(fetched_at, ?::timestamptz)
            WHERE connection_id = ?`,
          [new Date(failedAt - 1).toISOString(), connection.id],
        );
      }
      const created = em.create(ReconciliationAction, {
        org,
        connection,
        kind: ReconciliationActionKind.Retry,
        selection,
        syncRecordIds: rows.map((row) => row.id),
      });
      em.persist(created);

      return created;
    });
    if (action.syncRecordIds.length > 0) await this.scheduler.kick(connection.id);

    return this.progressOf(action);
  }

  async progress(org: Org, connectionId: string, actionId: string): Promise<ActionProgress> {
    const connection = await this.connections.get(org, connectionId);
    const action = await this.em.findOne(ReconciliationAction, {
      id: actionId,
      org,
      connection,
    });
    if (!action)
      throw new DomainError(ErrorCode.NotFound, `No action ${actionId} on this connection`);

    return this.progressOf(action);
  }

  private async progressOf(action: ReconciliationAction): Promise<ActionProgress> {
    const ids = action.syncRecordIds;
    const rows: { state: string; count: string }[] = ids.length
      ? await this.em.execute(
          `SELECT state, count(*) AS count FROM sync_records
            WHERE id = ANY(?::uuid[]) GROUP BY state`,
          [`{${ids.join(',')}}`],
        )
      : [];
    const count = (state: string): number =>
      rows.filter((row) => row.state === state).reduce((sum, row) => sum + Number(row.count), 0);
    const cleared = count('cleared');
    const failed = count('failed');
    // Records deleted since (their lead was removed) count as settled.
    const pending = rows
      .filter((row) => row.state !== 'cleared' && row.state !== 'failed')
      .reduce((sum, row) => sum + Number(row.count), 0);

    return {
      id: action.id,
      kind: action.kind,
      connectionId: action.connection.id,
      selection: action.selection,
      createdAt: action.createdAt,
      total: ids.length,
      cleared,
      failed,
      pending,
      done: pending === 0,
    };
  }
}
