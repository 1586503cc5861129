import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ErrorCategory } from '@libs/connector-sdk';
import { ConnectionsService } from '@libs/connections';
import type { Org } from '@libs/orgs';
import { errorCategoryInfo } from './error-categories';
import { leadWindow } from './lead-window';

export interface SummaryFilter {
  from?: Date;
  to?: Date;
  eventId?: string;
}

export interface ReconciliationSummary {
  connectionId: string;
  total: number;
  cleared: number;
  failed: number;
  preSync: {
    total: number;
    awaitingEnrichment: number;
    queued: number;
    inFlight: number;
    frozen: number;
    paused: number;
  };
  failedByCategory: {
    category: ErrorCategory;
    title: string;
    count: number;
    retryable: boolean;
    helpUrl: string;
  }[];
}

interface CountRow {
  state: string;
  error_category: ErrorCategory | null;
  count: string;
}

@Injectable()
export class ReconciliationService {
  constructor(
    private readonly em: EntityManager,
    private readonly connections: ConnectionsService,
  ) {}

  /** Counts per state for a connection, over leads captured in the window (and event). */
  async summary(
    org: Org,
    connectionId: string,
    filter: SummaryFilter,
  ): Promise<ReconciliationSummary> {
    await this.connections.get(org, connectionId);
    const clause = leadWindow(connectionId, org.id, filter);
    const rows: CountRow[] = await this.em.execute(
      `SELECT sr.state, sr.error_category, count(*) AS count
         FROM sync_records sr JOIN leads l ON l.id = sr.lead_id
        WHERE ${clause.sql}
        GROUP BY sr.state, sr.error_category`,
      clause.params,
    );

    const count = (state: string): number =>
      rows.filter((row) => row.state === state).reduce((sum, row) => sum + Number(row.count), 0);
    const preSync = {
      awaitingEnrichment: count('awaiting_enrichment'),
      queued: count('queued'),
      inFlight: count('in_flight'),
      frozen: count('frozen'),
      paused: count('paused'),
    };
    const preSyncTotal = Object.values(preSync).reduce((sum, value) => sum + value, 0);
    const failedByCategory = rows
      .filter((row) => row.state === 'failed')
      .map((row) => {
        const category = row.error_category ?? 'UNKNOWN';

        const info = errorCategoryInfo(category);

        return {
          category,
          title: info.title,
          count: Number(row.count),
          retryable: info.retriedByHost,
          helpUrl: info.helpUrl,
        };
      })
      .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));

    return {
      connectionId,
      total: count('cleared') + count('failed') + preSyncTotal,
      cleared: count('cleared'),
      failed: count('failed'),
      preSync: { total: preSyncTotal, ...preSync },
      failedByCategory,
    };
  }
}
