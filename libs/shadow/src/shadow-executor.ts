import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import {
  isConnectorError,
  type ConnectorClient,
  type MatchRecord,
  type MatchResult,
  type RemoteField,
} from '@libs/connector-sdk';
import { ConnectionsService, type Connection } from '@libs/connections';
import { MappingRow, preflight, RemoteSchemaCache } from '@libs/mappings';
import { mapLead, SyncRecord, type RemoteValues } from '@libs/sync';
import { compareLead } from './compare';
import { ShadowResult } from './shadow-result.entity';
import { ShadowRun, ShadowRunStatus } from './shadow-run.entity';
import { SHADOW_PAGE_LIMIT } from './shadow.constants';

/** A wait for the rate budget longer than this ends the run as failed. */
const MAX_BUDGET_WAITS = 20;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The legacy connection's synced leads of a run, as a SQL condition and its parameters. */
export function windowCondition(run: ShadowRun): { sql: string; params: unknown[] } {
  const clauses = ['sr.connection_id = ?', 'sr.synced_at IS NOT NULL', 'sr.synced_at < ?'];
  const params: unknown[] = [run.legacyConnection.id, run.windowTo];
  if (run.windowFrom) {
    clauses.push('sr.synced_at >= ?');
    params.push(run.windowFrom);
  }
  if (run.eventId) {
    clauses.push('l.event_id = ?');
    params.push(run.eventId);
  }

  return { sql: clauses.join(' AND '), params };
}

interface Mapped {
  record: SyncRecord;
  values: RemoteValues;
}

/**
 * Runs a shadow run page by page: maps each lead with the new connection's mapping rows, matches
 * it through the connector's read-only `match` (the legacy record's stored remote id first),
 * pre-flights it against the new connection's cached schema and stores the comparison. Nothing is
 * written to the vendor; every call takes a turn in the account's rate budget. A run picked up
 * again (a worker died) goes on with the leads it has no result for.
 */
@Injectable()
export class ShadowExecutor {
  private readonly logger = new Logger(ShadowExecutor.name);

  constructor(
    private readonly em: EntityManager,
    private readonly connections: ConnectionsService,
  ) {}

  async execute(runId: string): Promise<void> {
    const em = this.em.fork();
    const run = await em.findOne(
      ShadowRun,
      { id: runId },
      { populate: ['legacyConnection', 'newConnection'] },
    );
    if (!run || run.status === ShadowRunStatus.Done || run.status === ShadowRunStatus.Failed) {
      return;
    }
    run.status = ShadowRunStatus.Running;
    await em.flush();
    const log = { runId, orgId: run.org.id, connectionId: run.newConnection.id };

    try {
      await this.compareAll(em, run);
      run.status = ShadowRunStatus.Done;
    } catch (error) {
      this.logger.warn({ ...log, err: error }, 'shadow run failed');
      run.status = ShadowRunStatus.Failed;
      run.error = isConnectorError(error)
        ? `${error.error.category} ${error.error.vendorCode}: ${error.error.vendorMessage}`
        : error instanceof Error
          ? error.message
          : String(error);
    }
    run.processed = await em.count(ShadowResult, { run });
    run.finishedAt = new Date();
    await em.flush();
    this.logger.log({ ...log, status: run.status, processed: run.processed }, 'shadow run ended');
  }

  private async compareAll(em: EntityManager, run: ShadowRun): Promise<void> {
    const connection = run.newConnection;
    const object = connection.personaObject;
    if (!object) throw new Error(`${connection.integration} writes no person object`);
    const rows = await em.find(MappingRow, { connection, object });
    const client = await this.connections.clientFor(connection.id);
    const fields = await this.remoteFields(em, connection, object, client);
    const pageSize = Math.min(
      SHADOW_PAGE_LIMIT,
      this.connections.budgetOf(connection).limits.maxBatchSize,
    );

    for (;;) {
      // Each page in a unit of work of its own, so a long run holds no more than a page.
      const work = this.em.fork();
      const page = await this.nextPage(work, run, pageSize);
      if (page.length === 0) return;
      const mapped: Mapped[] = page.map((record) => ({
        record,
        values: mapLead(record.lead, rows, fields).values,
      }));
      const matches = await this.match(client, object, mapped);
      for (const [index, { record, values }] of mapped.entries()) {
        const match = matches[index];
        // Required fields matter when the new platform would create the record.
        const creating = match?.ok
          ? match.matchedBy === 'none'
          : !record.remoteIds[object] && !record.lead.email;
        const refused = fields.size > 0 ? preflight(values, fields, creating) : undefined;
        // The connector may name another object: a converted Lead's Contact is what it updates.
        const target = match?.ok ? match.object : object;
        const comparison = compareLead(
          { state: record.state, written: record.lastWritten, remoteIds: record.remoteIds },
          { object: target, values, match, refused },
        );
        work.create(ShadowResult, {
          run: run.id,
          org: run.org.id,
          lead: record.lead,
          outcome: comparison.outcome,
          legacyState: record.state,
          legacyObject: comparison.legacyObject,
          newObject: target,
          legacyRemoteId: comparison.legacyRemoteId,
          newRemoteId: comparison.newRemoteId,
          matchedBy: comparison.matchedBy,
          wouldDuplicate: comparison.wouldDuplicate,
          differences: comparison.differences,
          errorCategory: comparison.failure?.category ?? null,
          errorCode: comparison.failure?.vendorCode ?? null,
          errorMessage: comparison.failure?.vendorMessage ?? null,
          errorField: comparison.failure?.field ?? null,
        });
      }
      await work.flush();
      run.processed += page.length;
      await em.flush();
    }
  }

  /** The legacy connection's next synced leads this run has no result for yet. */
  private async nextPage(em: EntityManager, run: ShadowRun, limit: number): Promise<SyncRecord[]> {
    const window = windowCondition(run);
    const rows: { id: string }[] = await em.execute(
      `SELECT sr.id FROM sync_records sr JOIN leads l ON l.id = sr.lead_id
        WHERE ${window.sql}
          AND NOT EXISTS (SELECT 1 FROM shadow_results r
                           WHERE r.run_id = ? AND r.lead_id = sr.lead_id)
        ORDER BY sr.lead_id
        LIMIT ?`,
      [...window.params, run.id, limit],
    );
    if (rows.length === 0) return [];

    return em.find(
      SyncRecord,
      { id: rows.map((row) => row.id) },
      { populate: ['lead', 'lead.event'], orderBy: { lead: 'asc' } },
    );
  }

  /**
   * One read-only match call per page, carrying the legacy record's stored remote id of the new
   * object (carry-over) and the lead's email. A spent rate budget waits and asks again.
   */
  private async match(
    client: ConnectorClient,
    object: string,
    mapped: Mapped[],
  ): Promise<MatchResult[]> {
    if (!client.match) throw new Error('The connector cannot match records without writing');
    const records: MatchRecord[] = mapped.map(({ record }) => ({
      key: record.lead.id,
      remoteId: record.remoteIds[object],
      remoteIds: { ...record.remoteIds },
      matchEmail: record.lead.email ?? undefined,
    }));
    for (let waits = 0; ; waits += 1) {
      try {
        return await client.match(object, records);
      } catch (error) {
        const limited = isConnectorError(error) && error.category === 'RATE_LIMITED';
        if (!limited || waits >= MAX_BUDGET_WAITS) throw error;
        await sleep(error.error.retryAfterMs ?? 1_000);
      }
    }
  }

  /** The new connection's cached schema of the object, described once when none is cached. */
  private async remoteFields(
    em: EntityManager,
    connection: Connection,
    object: string,
    client: ConnectorClient,
  ): Promise<Map<string, RemoteField>> {
    let cached = await em.findOne(RemoteSchemaCache, { connection, object });
    if (!cached) {
      const schema = await client.describe(object);
      cached = em.create(RemoteSchemaCache, { connection, object, fields: schema.fields });
      await em.flush();
    }

    return new Map(cached.fields.map((field) => [field.name, field]));
  }
}
