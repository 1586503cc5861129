import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ErrorCategory } from '@libs/connector-sdk';
import { ConnectionsService, ConnectionStatus, type Connection } from '@libs/connections';
import type { Org } from '@libs/orgs';
import { errorCategoryInfo, type ErrorCategoryInfo } from './error-categories';
import { leadWindow } from './lead-window';

export interface LeadListFilter {
  from?: Date;
  to?: Date;
  eventId?: string;
  category?: ErrorCategory;
  limit: number;
  offset: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

interface LeadColumns {
  lead_id: string;
  event_id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  company_name: string | null;
}

export interface LeadRef {
  leadId: string;
  eventId: string;
  email: string | null;
  name: string | null;
  company: string | null;
}

export interface FailedLead extends LeadRef {
  category: ErrorCategory;
  vendorCode: string | null;
  vendorMessage: string | null;
  field: string | null;
  failedAt: Date;
  helpUrl: string;
}

export interface FailedCategoryGroup extends ErrorCategoryInfo {
  count: number;
  /** The vendor codes behind the count, most frequent first. */
  vendorCodes: { vendorCode: string | null; count: number }[];
}

export interface FailedEventGroup {
  eventId: string;
  eventName: string;
  count: number;
  byCategory: { category: ErrorCategory; count: number }[];
}

export interface PreSyncLead extends LeadRef {
  state: string;
  reason: string;
  dueAt: Date;
  attempts: number;
  /** The last transient error, when the lead waits for a retry. */
  lastError: { category: ErrorCategory; vendorCode: string | null } | null;
}

export interface ClearedLead extends LeadRef {
  remoteIds: Record<string, string>;
  syncedAt: Date | null;
}

const LEAD_COLUMNS = `l.id AS lead_id, l.event_id, l.email, l.first_name, l.last_name,
  l.company_name`;

function leadRef(row: LeadColumns): LeadRef {
  const name = [row.first_name, row.last_name].filter(Boolean).join(' ');

  return {
    leadId: row.lead_id,
    eventId: row.event_id,
    email: row.email,
    name: name || null,
    company: row.company_name,
  };
}

/** Why a lead in a pre-sync state is waiting, in words an admin understands. */
function waitingReason(
  state: string,
  attempts: number,
  category: string | null,
  connection: Connection,
): string {
  if (connection.status === ConnectionStatus.NeedsReauth) {
    return 'The connection needs re-authorisation; the lead syncs once it is re-authorised.';
  }
  switch (state) {
    case 'awaiting_enrichment':
      return 'Waiting for enrichment; it syncs when enriched or when the wait ends.';
    case 'frozen':
      return 'The connection syncs manually; the lead waits for a push.';
    case 'paused':
      return connection.status === ConnectionStatus.Disconnected
        ? 'The connection is disconnected; the lead waits until it is connected again.'
        : 'Sync is disabled on this connection; the lead waits until it is enabled.';
    case 'in_flight':
      return 'Being written to the vendor now.';
    default:
      return attempts > 0 && category
        ? `Queued for retry ${attempts + 1} after ${category}.`
        : 'Queued; it syncs with the next batch.';
  }
}

/** The lists behind the reconciliation tab: Failed, Pre-Sync and Cleared leads. */
@Injectable()
export class ReconciliationListsService {
  constructor(
    private readonly em: EntityManager,
    private readonly connections: ConnectionsService,
  ) {}

  async failed(org: Org, connectionId: string, filter: LeadListFilter): Promise<Page<FailedLead>> {
    await this.connections.get(org, connectionId);
    const clause = leadWindow(connectionId, org.id, { ...filter, states: ['failed'] });
    const rows: Array<
      LeadColumns & {
        error_category: ErrorCategory | null;
        error_code: string | null;
        error_message: string | null;
        error_field: string | null;
        updated_at: Date;
      }
    > = await this.em.execute(
      `SELECT ${LEAD_COLUMNS}, sr.error_category, sr.error_code, sr.error_message,
              sr.error_field, sr.updated_at
         FROM sync_records sr JOIN leads l ON l.id = sr.lead_id
        WHERE ${clause.sql}
        ORDER BY sr.updated_at DESC, sr.id
        LIMIT ? OFFSET ?`,
      [...clause.params, filter.limit, filter.offset],
    );

    return {
      items: rows.map((row) => {
        const category = row.error_category ?? 'UNKNOWN';

        return {
          ...leadRef(row),
          category,
          vendorCode: row.error_code,
          vendorMessage: row.error_message,
          field: row.error_field,
          failedAt: new Date(row.updated_at),
          helpUrl: errorCategoryInfo(category).helpUrl,
        };
      }),
      total: await this.count(clause),
      limit: filter.limit,
      offset: filter.offset,
    };
  }

  async failedByCategory(
    org: Org,
    connectionId: string,
    filter: Partial<LeadListFilter>,
  ): Promise<FailedCategoryGroup[]> {
    await this.connections.get(org, connectionId);
    const clause = leadWindow(connectionId, org.id, { ...filter, states: ['failed'] });
    const rows: { category: ErrorCategory; error_code: string | null; count: string }[] =
      await this.em.execute(
        `SELECT coalesce(sr.error_category, 'UNKNOWN') AS category, sr.error_code,
                count(*) AS count
           FROM sync_records sr JOIN leads l ON l.id = sr.lead_id
          WHERE ${clause.sql}
          GROUP BY 1, 2`,
        clause.params,
      );
    const groups = new Map<ErrorCategory, FailedCategoryGroup>();
    for (const row of rows) {
      const group = groups.get(row.category) ?? {
        ...errorCategoryInfo(row.category),
        count: 0,
        vendorCodes: [],
      };
      group.count += Number(row.count);
      group.vendorCodes.push({ vendorCode: row.error_code, count: Number(row.count) });
      groups.set(row.category, group);
    }

    return [...groups.values()]
      .map((group) => ({
        ...group,
        vendorCodes: group.vendorCodes.sort((a, b) => b.count - a.count),
      }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  }

  async failedByEvent(
    org: Org,
    connectionId: string,
    filter: Partial<LeadListFilter>,
  ): Promise<FailedEventGroup[]> {
    await this.connections.get(org, connectionId);
    const clause = leadWindow(connectionId, org.id, { ...filter, states: ['failed'] });
    const rows: { event_id: string; name: string; category: ErrorCategory; count: string }[] =
      await this.em.execute(
        `SELECT l.event_id, e.name, coalesce(sr.error_category, 'UNKNOWN') AS category,
                count(*) AS count
           FROM sync_records sr JOIN leads l ON l.id = sr.lead_id
           JOIN events e ON e.id = l.event_id
          WHERE ${clause.sql}
          GROUP BY 1, 2, 3`,
        clause.params,
      );
    const groups = new Map<string, FailedEventGroup>();
    for (const row of rows) {
      const group = groups.get(row.event_id) ?? {
        eventId: row.event_id,
        eventName: row.name,
        count: 0,
        byCategory: [],
      };
      group.count += Number(row.count);
      group.byCategory.push({ category: row.category, count: Number(row.count) });
      groups.set(row.event_id, group);
    }

    return [...groups.values()].sort((a, b) => b.count - a.count);
  }

  async preSync(
    org: Org,
    connectionId: string,
    filter: LeadListFilter,
  ): Promise<Page<PreSyncLead>> {
    const connection = await this.connections.get(org, connectionId);
    const states = ['awaiting_enrichment', 'queued', 'in_flight', 'frozen', 'paused'];
    const clause = leadWindow(connectionId, org.id, { ...filter, states, category: undefined });
    const rows: Array<
      LeadColumns & {
        state: string;
        due_at: Date;
        attempts: number;
        error_category: ErrorCategory | null;
        error_code: string | null;
      }
    > = await this.em.execute(
      `SELECT ${LEAD_COLUMNS}, sr.state, sr.due_at, sr.attempts, sr.error_category,
              sr.error_code
         FROM sync_records sr JOIN leads l ON l.id = sr.lead_id
        WHERE ${clause.sql}
        ORDER BY sr.due_at, sr.id
        LIMIT ? OFFSET ?`,
      [...clause.params, filter.limit, filter.offset],
    );

    return {
      items: rows.map((row) => ({
        ...leadRef(row),
        state: row.state,
        reason: waitingReason(row.state, row.attempts, row.error_category, connection),
        dueAt: new Date(row.due_at),
        attempts: row.attempts,
        lastError:
          row.attempts > 0 && row.error_category
            ? { category: row.error_category, vendorCode: row.error_code }
            : null,
      })),
      total: await this.count(clause),
      limit: filter.limit,
      offset: filter.offset,
    };
  }

  async cleared(
    org: Org,
    connectionId: string,
    filter: LeadListFilter,
  ): Promise<Page<ClearedLead>> {
    await this.connections.get(org, connectionId);
    const clause = leadWindow(connectionId, org.id, {
      ...filter,
      states: ['cleared'],
      category: undefined,
    });
    const rows: Array<
      LeadColumns & { remote_ids: Record<string, string>; synced_at: Date | null }
    > = await this.em.execute(
      `SELECT ${LEAD_COLUMNS}, sr.remote_ids, sr.synced_at
         FROM sync_records sr JOIN leads l ON l.id = sr.lead_id
        WHERE ${clause.sql}
        ORDER BY sr.synced_at DESC NULLS LAST, sr.id
        LIMIT ? OFFSET ?`,
      [...clause.params, filter.limit, filter.offset],
    );

    return {
      items: rows.map((row) => ({
        ...leadRef(row),
        remoteIds: row.remote_ids,
        syncedAt: row.synced_at === null ? null : new Date(row.synced_at),
      })),
      total: await this.count(clause),
      limit: filter.limit,
      offset: filter.offset,
    };
  }

  private async count(clause: { sql: string; params: unknown[] }): Promise<number> {
    const [row]: { count: string }[] = await this.em.execute(
      `SELECT count(*) AS count FROM sync_records sr JOIN leads l ON l.id = sr.lead_id
        WHERE ${clause.sql}`,
      clause.params,
    );

    return Number(row.count);
  }
}
