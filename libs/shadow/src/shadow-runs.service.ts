import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditLog } from '@libs/audit';
import type { IntegrationCategory } from '@libs/connector-sdk';
import {
  Connection,
  ConnectionPlatform,
  ConnectionStatus,
  ConnectionsService,
} from '@libs/connections';
import { actorOf, DomainError, JobQueues, type Principal } from '@libs/core';
import { ConnectorRegistry } from '@libs/plugin-host';
import { Event, Org } from '@libs/orgs';
import { windowCondition } from './shadow-executor';
import { ShadowOutcome, ShadowResult } from './shadow-result.entity';
import { ShadowRun } from './shadow-run.entity';
import {
  ShadowLeadDto,
  ShadowRunDto,
  type ShadowReportDto,
  type ShadowReportQueryDto,
  type StartShadowRunDto,
} from './shadow.dto';
import { SHADOW_QUEUE, SHADOW_RUN_JOB, type ShadowJobData } from './shadow.constants';

/**
 * Staff start shadow runs (each a background job) and read their progress and diff report.
 * Staff act across orgs: every query names the org of the path.
 */
@Injectable()
export class ShadowRunsService {
  constructor(
    private readonly em: EntityManager,
    private readonly queues: JobQueues,
    private readonly registry: ConnectorRegistry,
    private readonly connections: ConnectionsService,
    private readonly audit: AuditLog,
  ) {}

  async start(orgId: string, input: StartShadowRunDto, actor: Principal): Promise<ShadowRunDto> {
    const org = await this.em.findOne(Org, { id: orgId });
    if (!org) throw DomainError.notFound('Org', orgId);
    if (input.from && input.to && input.from >= input.to) {
      throw DomainError.invalid([{ field: 'to', message: 'must be after from' }]);
    }
    if (input.eventId && !(await this.em.count(Event, { id: input.eventId, org }))) {
      throw DomainError.invalid([{ field: 'eventId', message: 'no event of the org has this id' }]);
    }
    const newConnection = await this.newConnectionOf(org, input);
    const legacyConnection = await this.legacyConnectionOf(org, newConnection, input);

    const run = this.em.create(ShadowRun, {
      org,
      legacyConnection,
      newConnection,
      category: newConnection.category,
      windowFrom: input.from ?? null,
      // A fixed end, so leads legacy syncs while the run works do not join it midway.
      windowTo: input.to ?? new Date(),
      eventId: input.eventId ?? null,
      startedBy: actorOf(actor),
    });
    run.total = await this.countLeads(run);
    await this.em.flush();
    await this.audit.record({
      orgId: org.id,
      actor,
      action: 'shadow_run.started',
      target: { type: 'shadow_run', id: run.id },
      detail: {
        category: run.category,
        legacyConnectionId: legacyConnection.id,
        newConnectionId: newConnection.id,
        from: run.windowFrom?.toISOString() ?? null,
        to: run.windowTo.toISOString(),
        eventId: run.eventId ?? null,
        leads: run.total,
      },
    });
    await this.queues
      .queue<ShadowJobData>(SHADOW_QUEUE)
      .add(
        SHADOW_RUN_JOB,
        { runId: run.id, orgId: org.id },
        { jobId: `shadow-${run.id}`, removeOnComplete: 1000, removeOnFail: 5000 },
      );

    return ShadowRunDto.from(run);
  }

  async list(orgId: string): Promise<ShadowRunDto[]> {
    const runs = await this.em.find(
      ShadowRun,
      { org: orgId },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 100 },
    );

    return runs.map((run) => ShadowRunDto.from(run));
  }

  async get(orgId: string, runId: string): Promise<ShadowRunDto> {
    return ShadowRunDto.from(await this.find(orgId, runId));
  }

  /** Per lead what differs, plus counts over the whole run. */
  async report(
    orgId: string,
    runId: string,
    query: ShadowReportQueryDto,
  ): Promise<ShadowReportDto> {
    const run = await this.find(orgId, runId);
    const counts: { outcome: ShadowOutcome; leads: string; duplicates: string }[] =
      await this.em.execute(
        `SELECT outcome, count(*) AS leads, count(*) FILTER (WHERE would_duplicate) AS duplicates
           FROM shadow_results WHERE run_id = ? GROUP BY outcome`,
        [run.id],
      );
    const count = (outcome: ShadowOutcome) =>
      Number(counts.find((row) => row.outcome === outcome)?.leads ?? 0);
    const where = { run, ...(query.outcome ? { outcome: query.outcome } : {}) };
    const [results, total] = await this.em.findAndCount(ShadowResult, where, {
      populate: ['lead'],
      orderBy: { lead: { email: 'asc' }, id: 'asc' },
      limit: query.limit,
      offset: query.offset,
    });

    return {
      run: ShadowRunDto.from(run),
      summary: {
        compared: counts.reduce((sum, row) => sum + Number(row.leads), 0),
        identical: count(ShadowOutcome.Identical),
        differing: count(ShadowOutcome.Differs),
        wouldFail: count(ShadowOutcome.WouldFail),
        wouldCreateDuplicates: counts.reduce((sum, row) => sum + Number(row.duplicates), 0),
      },
      leads: results.map((result) => ShadowLeadDto.from(result)),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  private async find(orgId: string, runId: string): Promise<ShadowRun> {
    const run = await this.em.findOne(ShadowRun, { id: runId, org: orgId });
    if (!run) throw DomainError.notFound('Shadow run', runId);

    return run;
  }

  /** The new platform connection: the one named, or the org's one of the category. */
  private async newConnectionOf(org: Org, input: StartShadowRunDto): Promise<Connection> {
    let connection: Connection;
    if (input.connectionId) {
      const found = await this.em.findOne(Connection, { id: input.connectionId, org });
      if (!found || found.platform !== ConnectionPlatform.New) {
        throw DomainError.invalid([
          { field: 'connectionId', message: 'no new platform connection of the org has this id' },
        ]);
      }
      if (input.category && input.category !== found.category) {
        throw DomainError.invalid([
          { field: 'category', message: `the connection is ${found.category}` },
        ]);
      }
      connection = found;
    } else if (input.category) {
      connection = await this.onlyConnection(org, input.category, ConnectionPlatform.New, {
        field: 'connectionId',
        what: 'new platform',
      });
    } else {
      throw DomainError.invalid([{ field: 'category', message: 'give category or connectionId' }]);
    }
    const definition = this.registry.get(connection.integration);
    const client = definition.capabilities.batchUpsert
      ? await this.connections.clientFor(connection.id, { budgeted: false })
      : undefined;
    if (!client?.match || !connection.personaObject) {
      throw DomainError.invalid([
        {
          field: 'connectionId',
          message: `the ${connection.integration} connector cannot match records without writing`,
        },
      ]);
    }
    if (connection.status !== ConnectionStatus.Connected) {
      throw DomainError.invalid([
        { field: 'connectionId', message: `the connection is ${connection.status}` },
      ]);
    }

    return connection;
  }

  private async legacyConnectionOf(
    org: Org,
    newConnection: Connection,
    input: StartShadowRunDto,
  ): Promise<Connection> {
    if (!input.legacyConnectionId) {
      return this.onlyConnection(org, newConnection.category, ConnectionPlatform.Legacy, {
        field: 'legacyConnectionId',
        what: 'legacy',
      });
    }
    const found = await this.em.findOne(Connection, { id: input.legacyConnectionId, org });
    if (!found || found.platform !== ConnectionPlatform.Legacy) {
      throw DomainError.invalid([
        { field: 'legacyConnectionId', message: 'no legacy connection of the org has this id' },
      ]);
    }
    if (found.category !== newConnection.category) {
      throw DomainError.invalid([
        { field: 'legacyConnectionId', message: `the connection is ${found.category}` },
      ]);
    }

    return found;
  }

  private async onlyConnection(
    org: Org,
    category: IntegrationCategory,
    platform: ConnectionPlatform,
    named: { field: string; what: string },
  ): Promise<Connection> {
    const found = await this.em.find(Connection, { org, category, platform });
    if (found.length === 1) return found[0];

    throw DomainError.invalid([
      {
        field: named.field,
        message:
          found.length === 0
            ? `the org has no ${named.what} ${category} connection`
            : `the org has ${found.length} ${named.what} ${category} connections: name one`,
      },
    ]);
  }

  private async countLeads(run: ShadowRun): Promise<number> {
    const window = windowCondition(run);
    const [row]: { leads: string }[] = await this.em.execute(
      `SELECT count(*) AS leads FROM sync_records sr JOIN leads l ON l.id = sr.lead_id
        WHERE ${window.sql}`,
      window.params,
    );

    return Number(row?.leads ?? 0);
  }
}
