import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ConnectorError,
  isConnectorError,
  normalisedError,
  type NormalisedError,
  type NotifyMessage,
  type RemoteField,
  type UpsertRecord,
} from '@libs/connector-sdk';
import {
  ConnectionsService,
  Connection,
  ConnectionPlatform,
  ConnectionStatus,
  pauseForRateLimit,
  type BudgetBinding,
} from '@libs/connections';
import { CampaignMembersService, type WrittenPerson } from '@libs/campaigns';
import { hasBudgetLimits, Metrics } from '@libs/core';
import { Lead } from '@libs/leads';
import { MappingRow, preflight, RemoteSchemaCache } from '@libs/mappings';
import { ConnectorRegistry } from '@libs/plugin-host';
import { QualifierMappingsService } from '@libs/qualifiers';
import { retryDelayMs } from './backoff';
import { leadMessage, MESSAGE_OBJECT, NOTIFIED } from './lead-message';
import { mapLead } from './payload';
import { hashWithRelated, RelatedRecords, storedPerson, storedRemoteIds } from './related-records';
import { SyncRecord, SyncState } from './sync-record.entity';
import { SyncWrite } from './sync-write.entity';
import { SyncScheduler } from './sync-scheduler';
import {
  legacySunsetPassed,
  STALE_CLAIM,
  STALE_CLAIM_BINDINGS,
  SYNC_OPTIONS,
  type SyncOptions,
} from './sync.constants';

interface Claimed {
  id: string;
  generation: number;
}

/** What the connector said of one record. */
type Delivery =
  | { ok: true; remoteId: string; object: string; related?: Record<string, string> }
  | { ok: false; error: NormalisedError };

interface Outcome {
  result?: Delivery;
  /** Set when the whole call failed. */
  failure?: NormalisedError;
  hash?: string;
  /** The mapped values sent, kept as what was written once the write succeeds. */
  values?: UpsertRecord['values'];
  /** The object of an unchanged record (skipped), with `values`. */
  object?: string;
  skipped?: boolean;
  /** Not sent for want of budget: queued again for this time, no attempt spent. */
  deferredUntil?: Date;
  /** The person was written but a campaign membership was not. */
  campaignFailure?: NormalisedError;
}

/** One call's place in the budget (ended once released), or how long until there is one. */
type Turn = { lease?: string; ended?: boolean } | { waitMs: number };

export interface BatchReport {
  claimed: number;
  cleared: number;
  failed: number;
  retrying: number;
  /** True when more records may be waiting. */
  more: boolean;
}

/** Messages one job sends before yielding to other connections' jobs. */
const NOTIFY_RUN = 10;

/** A messaging job waits this long at most for its next turn before yielding. */
const NOTIFY_MAX_WAIT_MS = 2_000;

const NO_RESULT = normalisedError({
  category: 'UNKNOWN',
  vendorCode: 'NO_RESULT',
  vendorMessage: 'The connector returned no result for this record',
});

/** A write the ledger holds, as the connector answered it. */
function ledgerResult(entry: SyncWrite): Delivery {
  const { [entry.writtenObject]: remoteId, ...related } = entry.remoteIds;

  return { ok: true, object: entry.writtenObject, remoteId, related };
}

/** The columns of a sync record a batch's outcome changes, read and written as plain rows. */
type OutcomeRow = Pick<
  SyncRecord,
  | 'id'
  | 'generation'
  | 'attempts'
  | 'state'
  | 'dueAt'
  | 'claimedAt'
  | 'remoteIds'
  | 'payloadHash'
  | 'lastWritten'
  | 'syncedAt'
  | 'errorCategory'
  | 'errorCode'
  | 'errorMessage'
  | 'errorField'
>;

/**
 * Locks the batch's records until the transaction ends and reads what recording needs. Plain
 * rows rather than entities: a batch records hundreds of them, twice as fast without the ORM.
 */
async function lockOutcomeRows(em: EntityManager, ids: string[]): Promise<OutcomeRow[]> {
  if (ids.length === 0) return [];
  const rows: Array<Record<string, unknown>> = await em.execute(
    `SELECT id, generation, attempts, state, due_at, claimed_at, remote_ids, payload_hash,
            last_written, synced_at, error_category, error_code, error_message, error_field
       FROM sync_records WHERE id IN (${ids.map(() => '?').join(', ')})
      ORDER BY id FOR UPDATE`,
    ids,
  );

  // Raw rows carry timestamps as text (the ORM's own type parsing), JSON as parsed values.
  const date = (value: unknown): Date | null =>
    value === null || value === undefined ? null : new Date(value as string | Date);
  const json = <T>(value: unknown): T =>
    (typeof value === 'string' ? JSON.parse(value) : value) as T;

  return rows.map((row) => ({
    id: row.id as string,
    generation: row.generation as number,
    attempts: row.attempts as number,
    state: row.state as SyncState,
    dueAt: date(row.due_at) as Date,
    claimedAt: date(row.claimed_at),
    remoteIds: json<Record<string, string> | null>(row.remote_ids) ?? {},
    payloadHash: row.payload_hash as string | null,
    lastWritten: json<OutcomeRow['lastWritten']>(row.last_written),
    syncedAt: date(row.synced_at),
    errorCategory: row.error_category as OutcomeRow['errorCategory'],
    errorCode: row.error_code as string | null,
    errorMessage: row.error_message as string | null,
    errorField: row.error_field as string | null,
  }));
}

/** Writes the recorded outcomes back in one statement. */
async function saveOutcomeRows(em: EntityManager, rows: OutcomeRow[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((row) => ({
    id: row.id,
    state: row.state,
    due_at: row.dueAt,
    attempts: row.attempts,
    claimed_at: row.claimedAt ?? null,
    remote_ids: row.remoteIds,
    payload_hash: row.payloadHash ?? null,
    last_written: row.lastWritten ?? null,
    synced_at: row.syncedAt ?? null,
    error_category: row.errorCategory ?? null,
    error_code: row.errorCode ?? null,
    error_message: row.errorMessage ?? null,
    error_field: row.errorField ?? null,
  }));
  await em.execute(
    `UPDATE sync_records sr
        SET state = v.state::sync_state, due_at = v.due_at, attempts = v.attempts,
            claimed_at = v.claimed_at, remote_ids = v.remote_ids, payload_hash = v.payload_hash,
            last_written = v.last_written, synced_at = v.synced_at,
            error_category = v.error_category, error_code = v.error_code,
            error_message = v.error_message, error_field = v.error_field, updated_at = now()
       FROM jsonb_to_recordset(?::jsonb) AS v(
              id uuid, state text, due_at timestamptz, attempts integer, claimed_at timestamptz,
              remote_ids jsonb, payload_hash text, last_written jsonb, synced_at timestamptz,
              error_category text, error_code text, error_message text, error_field text)
      WHERE sr.id = v.id`,
    [JSON.stringify(values)],
  );
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes a connection's due records in batches and writes them through its connector. */
@Injectable()
export class SyncService {
  private readonly logger = new Logger(SyncService.name);

  /** This process, as the claims it makes name it. */
  readonly workerId = randomUUID();

  constructor(
    private readonly em: EntityManager,
    private readonly connections: ConnectionsService,
    private readonly registry: ConnectorRegistry,
    private readonly scheduler: SyncScheduler,
    private readonly metrics: Metrics,
    private readonly campaigns: CampaignMembersService,
    private readonly qualifiers: QualifierMappingsService,
    @Inject(SYNC_OPTIONS) private readonly options: SyncOptions,
  ) {}

  /** Syncs one batch of the connection, then queues the next one behind other connections. */
  async syncConnection(connectionId: string, jobId?: string): Promise<BatchReport> {
    const em = this.em.fork();
    const connection = await em.findOne(Connection, { id: connectionId });
    const empty = { claimed: 0, cleared: 0, failed: 0, retrying: 0, more: false };
    if (!connection || connection.status !== ConnectionStatus.Connected) return empty;
    if (connection.platform === ConnectionPlatform.Legacy && legacySunsetPassed(this.options)) {
      const paused = await this.pauseSunsetLegacy(em, connectionId);
      this.logger.warn({ connectionId, orgId: connection.org.id, paused }, 'legacy is sunset');

      return empty;
    }

    const definition = this.registry.get(connection.integration);
    if (definition.capabilities.batchUpsert && !(await this.hasMapping(em, connection))) {
      // Nothing would be written but vendor errors: hold the leads until a mapping exists.
      this.logger.warn({ connectionId, orgId: connection.org.id }, 'no mapping yet; leads held');

      return empty;
    }
    // A messaging connector sends one message per call; a job takes a run of them in turn.
    const budget = this.connections.budgetOf(connection);
    const batchSize = definition.capabilities.batchUpsert ? budget.limits.maxBatchSize : NOTIFY_RUN;
    // A batch call waits for its turn before taking records, so waiting leads stay queued.
    const turn = definition.capabilities.batchUpsert ? await this.takeTurn(budget) : {};
    if ('waitMs' in turn) {
      await this.scheduler.kick(connectionId, new Date(Date.now() + turn.waitMs));

      return empty;
    }
    let claimed: Claimed[];
    let outcomes: Map<string, Outcome>;
    try {
      claimed = await this.claim(em, connectionId, batchSize);
      if (claimed.length === 0) {
        await this.endTurn(budget, turn, false);
        await this.scheduleNextDue(em, connectionId);

        return empty;
      }
      const batch = claimed.length;
      this.logger.log({ connectionId, orgId: connection.org.id, jobId, batch }, 'batch claimed');
      outcomes = await this.writeBatch(em, connection, claimed, budget, turn);
    } finally {
      // A turn the batch did not use (it failed before its call) goes back to the budget.
      await this.endTurn(budget, turn, false);
    }
    const context = { connectionId, orgId: connection.org.id, jobId, batch: claimed.length };
    const report = await this.record(claimed, outcomes, connection.integration);
    this.logger.log({ ...context, ...report }, 'batch recorded');
    report.more = claimed.length === batchSize;
    await this.scheduleNextDue(em, connectionId);

    return report;
  }

  /** Takes one call from the account's rate budget, shared with every other worker. */
  private async takeTurn(binding: BudgetBinding): Promise<Turn> {
    if (!hasBudgetLimits(binding.limits)) return {};
    const grant = await binding.budget.acquire(binding.key, binding.limits);
    if (grant.granted) return { lease: grant.lease };
    this.logger.debug(
      { connectionId: binding.connectionId, reason: grant.reason, waitMs: grant.waitMs },
      'waiting for rate budget',
    );

    return { waitMs: grant.waitMs };
  }

  /** Ends a call's turn; one that made no call gives its place back. */
  private async endTurn(binding: BudgetBinding, turn: Turn, called: boolean): Promise<void> {
    if (!('lease' in turn) || !turn.lease || turn.ended) return;
    turn.ended = true;
    await binding.budget
      .release(binding.key, turn.lease, { refund: !called })
      .catch((error: unknown) =>
        // The lease ends on its own; only the concurrency slot is held a little longer.
        this.logger.warn({ connectionId: binding.connectionId, err: error }, 'lease not released'),
      );
  }

  private async hasMapping(em: EntityManager, connection: Connection): Promise<boolean> {
    const object = connection.personaObject;

    return object ? (await em.count(MappingRow, { connection, object })) > 0 : false;
  }

  /**
   * Past the legacy sunset, legacy connections stop syncing: their waiting leads are held as
   * Paused (never dropped) until the org moves to the new platform. One connection, or every
   * legacy connection. Returns how many leads were paused.
   */
  async pauseSunsetLegacy(em: EntityManager, connectionId?: string): Promise<number> {
    const rows: unknown[] = await em.execute(
      `UPDATE sync_records sr SET state = 'paused', updated_at = now()
         FROM connections c
        WHERE c.id = sr.connection_id AND c.platform = 'legacy'
          AND sr.state IN ('queued', 'awaiting_enrichment', 'frozen')
          ${connectionId ? 'AND c.id = ?' : ''}
        RETURNING sr.id`,
      connectionId ? [connectionId] : [],
    );

    return rows.length;
  }

  /** Says this process is alive, so what it claims is left to it (see `STALE_CLAIM`). */
  async beat(): Promise<void> {
    const em = this.em.fork();
    await em.execute(
      `INSERT INTO sync_worker_beats (id, seen_at) VALUES (?, now())
       ON CONFLICT (id) DO UPDATE SET seen_at = now()`,
      [this.workerId],
    );
    await em.execute(`DELETE FROM sync_worker_beats WHERE seen_at < now() - interval '1 day'`);
  }

  /** The org a connection belongs to, read before any org scope exists. */
  async orgOf(connectionId: string): Promise<string | undefined> {
    const [row]: { org_id: string }[] = await this.em
      .fork()
      .execute('SELECT org_id FROM connections WHERE id = ?', [connectionId]);

    return row?.org_id;
  }

  /** Connections with records due now, for the sweeper. */
  async connectionsWithDueRecords(): Promise<string[]> {
    const rows: { connection_id: string }[] = await this.em.fork().execute(
      `SELECT DISTINCT sr.connection_id
         FROM sync_records sr JOIN connections c ON c.id = sr.connection_id
        WHERE c.status = 'connected'
          AND ((sr.state IN ('queued', 'awaiting_enrichment') AND sr.due_at <= now())
            OR ${STALE_CLAIM})`,
      [...STALE_CLAIM_BINDINGS],
    );

    return rows.map((row) => row.connection_id);
  }

  private async claim(em: EntityManager, connectionId: string, limit: number): Promise<Claimed[]> {
    return em.execute(
      `UPDATE sync_records SET state = 'in_flight', claimed_at = now(), claimed_by = ?
        WHERE id IN (
          SELECT id FROM sync_records
           WHERE connection_id = ?
             AND ((state IN ('queued', 'awaiting_enrichment') AND due_at <= now())
               OR ${STALE_CLAIM})
           ORDER BY due_at
           LIMIT ?
           FOR UPDATE SKIP LOCKED)
        RETURNING id, generation`,
      [this.workerId, connectionId, ...STALE_CLAIM_BINDINGS, limit],
    );
  }

  private async writeBatch(
    em: EntityManager,
    connection: Connection,
    claimed: Claimed[],
    budget: BudgetBinding,
    turn: Turn,
  ): Promise<Map<string, Outcome>> {
    const records = await em.find(
      SyncRecord,
      { id: claimed.map((row) => row.id) },
      { populate: ['lead', 'lead.event'] },
    );
    const definition = this.registry.get(connection.integration);
    if (!definition.capabilities.batchUpsert) return this.notifyBatch(connection, records, budget);

    const outcomes = await this.upsertBatch(em, connection, records, budget, turn);
    await this.addCampaignMembers(em, connection, records, outcomes, budget);

    return outcomes;
  }

  /** After the person: each lead whose person the vendor holds joins its event's campaigns. */
  private async addCampaignMembers(
    em: EntityManager,
    connection: Connection,
    records: SyncRecord[],
    outcomes: Map<string, Outcome>,
    budget: BudgetBinding,
  ): Promise<void> {
    const object = connection.personaObject as string;
    const definition = this.registry.get(connection.integration);
    const people: WrittenPerson[] = [];
    for (const record of records) {
      const outcome = outcomes.get(record.id);
      const written = outcome?.result?.ok ? outcome.result : undefined;
      const stored = outcome?.skipped
        ? storedPerson(record.remoteIds, object, definition)
        : undefined;
      const personId = written?.remoteId ?? stored?.id;
      if (!personId) continue;
      people.push({
        key: record.id,
        lead: record.lead,
        personId,
        personObject: written?.object ?? stored?.object ?? object,
      });
    }
    const failures = await this.campaigns.addMembers(em, connection, people, budget);
    for (const [key, failure] of failures) {
      const outcome = outcomes.get(key);
      if (!outcome) continue;
      outcome.campaignFailure = failure.error;
      if (failure.deferUntil) outcome.deferredUntil = failure.deferUntil;
    }
  }

  /**
   * Maps each lead, checks it against the cached remote schema (pre-flight: a lead that cannot
   * be written fails without a vendor call) and writes the changed ones through the connector's
   * batch upsert.
   */
  private async upsertBatch(
    em: EntityManager,
    connection: Connection,
    records: SyncRecord[],
    budget: BudgetBinding,
    turn: Turn,
  ): Promise<Map<string, Outcome>> {
    const object = connection.personaObject as string;
    const rows = await em.find(MappingRow, { connection, object });
    const fields = await this.remoteFields(em, connection, object, records);
    const tags = await this.qualifiers.plan(em, connection, object);
    const definition = this.registry.get(connection.integration);
    const related = await RelatedRecords.load(em, connection, definition);
    const schemas = new Map([[object, fields]]);
    const ledger = await this.ledgerOf(em, connection, object, records);
    const outcomes = new Map<string, Outcome>();
    const toWrite: UpsertRecord[] = [];
    const leadOf = new Map<string, Lead>();

    for (const record of records) {
      const lead: Lead = record.lead;
      const { values, writeIfBlank, untagged } = mapLead(lead, rows, fields, tags);
      if (untagged) {
        // An answer with no mapping on this connection: failed before any vendor call.
        outcomes.set(record.id, { result: { ok: false, error: untagged } });
        continue;
      }
      const companies = related.of(lead);
      const hash = hashWithRelated(object, values, writeIfBlank, companies);
      const written = Object.keys(record.remoteIds).length > 0;
      if (written && record.payloadHash === hash) {
        outcomes.set(record.id, { skipped: true, hash, object, values });
        continue;
      }
      const entry = ledger.get(lead.id);
      if (entry?.payloadHash === hash) {
        // The vendor took this very payload but its answer was never recorded (a worker died, a
        // job was redelivered): the ledger's remote records are the lead's; nothing is sent.
        outcomes.set(record.id, { hash, values, result: ledgerResult(entry) });
        continue;
      }
      // The ledger's ids first: they are newer than the record's when an answer was lost.
      const remoteIds = { ...record.remoteIds, ...entry?.remoteIds };
      const remoteId = remoteIds[object];
      const upsert: UpsertRecord = {
        key: record.id,
        values,
        writeIfBlank,
        remoteId,
        matchEmail: lead.email ?? undefined,
        remoteIds,
        related: companies,
      };
      // A person stored under any of its objects (a Salesforce Contact) is updated, not created.
      const creating = !storedPerson(remoteIds, object, definition) && !lead.email;
      const refused =
        (fields.size > 0 && preflight(values, fields, creating)) ||
        (await this.plannedRefusal(em, connection, object, upsert, schemas, records));
      if (refused) {
        outcomes.set(record.id, { result: { ok: false, error: refused } });
        continue;
      }
      outcomes.set(record.id, { hash, values });
      leadOf.set(record.id, lead);
      toWrite.push(upsert);
    }
    if (toWrite.length === 0) {
      await this.endTurn(budget, turn, false);

      return outcomes;
    }

    try {
      const client = await this.connections.clientFor(connection.id, { budgeted: false });
      for (const result of await client.upsert(object, toWrite)) {
        const outcome = outcomes.get(result.key);
        if (outcome) outcome.result = result;
      }
    } catch (error) {
      await this.failAll(
        connection,
        toWrite.map((record) => record.key),
        outcomes,
        error,
      );
    } finally {
      await this.endTurn(budget, turn, true);
    }
    await this.recordWrites(connection, object, toWrite, outcomes, leadOf);
    await this.deferRateLimited(budget, outcomes);

    return outcomes;
  }

  /**
   * Pre-flight of the other records the connector says writing `record` sends (a Salesforce
   * Lead's Contact and Account): the first reason the vendor would refuse one of them, with its
   * fields named by object (`Account.Name`). Each object's schema is read once per batch.
   */
  private async plannedRefusal(
    em: EntityManager,
    connection: Connection,
    object: string,
    record: UpsertRecord,
    schemas: Map<string, Map<string, RemoteField>>,
    records: SyncRecord[],
  ): Promise<NormalisedError | undefined> {
    const definition = this.registry.get(connection.integration);
    const planned = definition.plannedWrites?.(connection.settings, object, record) ?? [];
    for (const write of planned) {
      let fields = schemas.get(write.object);
      if (!fields) {
        fields = await this.remoteFields(em, connection, write.object, records);
        schemas.set(write.object, fields);
      }
      // Whether the record is created or found is only known by asking the vendor: no
      // required-field check, which the object asked for already had.
      const refused = fields.size > 0 && preflight(write.values, fields, false, write.object);
      if (refused) return refused;
    }

    return undefined;
  }

  /** The write ledger's entries of the batch's leads on this connection, by lead id. */
  private async ledgerOf(
    em: EntityManager,
    connection: Connection,
    object: string,
    records: SyncRecord[],
  ): Promise<Map<string, SyncWrite>> {
    const leads = records.map((record) => record.lead.id);
    const entries = await em.find(SyncWrite, { connection, object, lead: { $in: leads } });

    return new Map(entries.map((entry) => [entry.lead.id, entry]));
  }

  /**
   * Adds the vendor's answers to the write ledger at once, before campaign members are added and
   * outcomes recorded, so a job replayed after a crash finds what was written. The answer is lost
   * only if the process dies between the vendor's response and this one statement.
   */
  private async recordWrites(
    connection: Connection,
    object: string,
    sent: UpsertRecord[],
    outcomes: Map<string, Outcome>,
    leadOf: Map<string, Lead>,
  ): Promise<void> {
    const rows: unknown[][] = [];
    for (const record of sent) {
      const outcome = outcomes.get(record.key);
      const lead = leadOf.get(record.key);
      if (!outcome?.result?.ok || !outcome.hash || !lead) continue;
      const remoteIds = storedRemoteIds(record.remoteIds ?? {}, outcome.result);
      rows.push([
        randomUUID(),
        connection.org.id,
        connection.id,
        lead.id,
        object,
        outcome.hash,
        outcome.result.object,
        JSON.stringify(remoteIds),
      ]);
    }
    if (rows.length === 0) return;

    await this.em.fork().execute(
      `INSERT INTO sync_writes
              (id, org_id, connection_id, lead_id, object, payload_hash, written_object, remote_ids)
       VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
       ON CONFLICT (connection_id, lead_id, object) DO UPDATE
          SET payload_hash = excluded.payload_hash, written_object = excluded.written_object,
              remote_ids = excluded.remote_ids, updated_at = now()`,
      rows.flat(),
    );
  }

  /**
   * Records the vendor refused for its rate limit are not failures: the account is paused for
   * everyone and the records wait, queued, until it may be called again.
   */
  private async deferRateLimited(
    budget: BudgetBinding,
    outcomes: Map<string, Outcome>,
  ): Promise<void> {
    let until: Date | undefined;
    for (const outcome of outcomes.values()) {
      const error = outcome.result && !outcome.result.ok ? outcome.result.error : outcome.failure;
      if (error?.category !== 'RATE_LIMITED') continue;
      until ??= new Date(Date.now() + (await pauseForRateLimit(budget, error)));
      outcome.deferredUntil = until;
    }
  }

  /**
   * The object's remote schema for the pre-flight: the cached one, fetched anew when there is
   * none, or when a lead of the batch failed after it was cached (it is being retried, maybe
   * because the admin fixed the field in the vendor). Empty when it cannot be had: the vendor
   * then judges the records alone.
   */
  private async remoteFields(
    em: EntityManager,
    connection: Connection,
    object: string,
    records: SyncRecord[],
  ): Promise<Map<string, RemoteField>> {
    let cached = await em.findOne(RemoteSchemaCache, { connection, object });
    const fetchedAt = cached?.fetchedAt;
    const retried =
      fetchedAt !== undefined &&
      records.some(
        (record) => record.errorCategory && record.syncedAt && record.syncedAt >= fetchedAt,
      );
    if (!cached || retried) {
      try {
        const schema = await (await this.connections.clientFor(connection.id)).describe(object);
        if (cached) {
          cached.fields = schema.fields;
          cached.fetchedAt = new Date();
        } else {
          cached = em.create(RemoteSchemaCache, { connection, object, fields: schema.fields });
        }
        await em.flush();
      } catch (error) {
        this.logger.warn(
          { connectionId: connection.id, orgId: connection.org.id, err: error },
          'remote schema unavailable; pre-flight uses what is cached',
        );
        if (!cached) return new Map();
      }
    }

    return new Map(cached.fields.map((field) => [field.name, field]));
  }

  /**
   * Posts one message per new lead through a messaging connector, one call at a time and no
   * faster than the connector's declared rate. A lead is announced once, whatever edits follow.
   */
  private async notifyBatch(
    connection: Connection,
    records: SyncRecord[],
    budget: BudgetBinding,
  ): Promise<Map<string, Outcome>> {
    const outcomes = new Map<string, Outcome>();
    const pending: NotifyMessage[] = [];
    for (const record of records) {
      if (record.remoteIds[MESSAGE_OBJECT]) {
        outcomes.set(record.id, { skipped: true, hash: NOTIFIED });
        continue;
      }
      outcomes.set(record.id, { hash: NOTIFIED });
      pending.push(leadMessage(record.id, record.lead, connection.settings.channel));
    }
    if (pending.length === 0) return outcomes;

    try {
      const client = await this.connections.clientFor(connection.id, { budgeted: false });
      if (!client.notify) throw new Error(`${connection.integration} cannot send messages`);
      for (const [index, message] of pending.entries()) {
        // Each message is one call: it waits its turn in the shared budget (the vendor's pace).
        const turn = await this.waitTurn(budget, NOTIFY_MAX_WAIT_MS);
        if ('waitMs' in turn) {
          const until = new Date(Date.now() + turn.waitMs);
          for (const rest of pending.slice(index)) {
            const outcome = outcomes.get(rest.key);
            if (outcome) outcome.deferredUntil = until;
          }
          break;
        }
        try {
          for (const result of await client.notify([message])) {
            const outcome = outcomes.get(result.key);
            if (outcome) {
              outcome.result = result.ok
                ? { ok: true, remoteId: result.messageId, object: MESSAGE_OBJECT }
                : result;
            }
          }
        } finally {
          await this.endTurn(budget, turn, true);
        }
        const refused = outcomes.get(message.key)?.result;
        if (refused && !refused.ok && refused.error.category === 'RATE_LIMITED') {
          // The rest of the run waits with it rather than hit the same limit again.
          const until = new Date(Date.now() + (await pauseForRateLimit(budget, refused.error)));
          for (const rest of pending.slice(index)) {
            const outcome = outcomes.get(rest.key);
            if (outcome) {
              outcome.result = undefined;
              outcome.deferredUntil = until;
            }
          }
          break;
        }
      }
    } catch (error) {
      const unsent = pending.filter((message) => !outcomes.get(message.key)?.result);
      await this.failAll(
        connection,
        unsent.map((message) => message.key),
        outcomes,
        error,
      );
      await this.deferRateLimited(budget, outcomes);
    }

    return outcomes;
  }

  /** Takes a turn, sleeping through short waits; gives up past `maxWaitMs`. */
  private async waitTurn(budget: BudgetBinding, maxWaitMs: number): Promise<Turn> {
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      const turn = await this.takeTurn(budget);
      if (!('waitMs' in turn) || Date.now() + turn.waitMs > deadline) return turn;
      await sleep(turn.waitMs);
    }
  }

  /** The whole call failed: every unsent record shares the failure. */
  private async failAll(
    connection: Connection,
    keys: string[],
    outcomes: Map<string, Outcome>,
    error: unknown,
  ): Promise<void> {
    const failure = this.callFailure(error, connection);
    for (const key of keys) {
      const outcome = outcomes.get(key);
      if (outcome) outcome.failure = failure;
    }
    if (failure.category === 'AUTH_INVALID') {
      await this.connections.markNeedsReauth(connection.id, failure);
    }
  }

  private callFailure(error: unknown, connection: Connection): NormalisedError {
    if (isConnectorError(error)) return error.error;
    this.logger.error(
      { connectionId: connection.id, orgId: connection.org.id, err: error },
      'connector call failed unexpectedly',
    );

    return new ConnectorError({
      category: 'REMOTE_UNAVAILABLE',
      vendorCode: 'CONNECTOR_ERROR',
      vendorMessage: error instanceof Error ? error.message : String(error),
    }).error;
  }

  /** Writes each outcome; a record whose lead changed meanwhile goes back to the queue. */
  private async record(
    claimed: Claimed[],
    outcomes: Map<string, Outcome>,
    connector: string,
  ): Promise<BatchReport> {
    const generations = new Map(claimed.map((row) => [row.id, row.generation]));
    const report: BatchReport = {
      claimed: claimed.length,
      cleared: 0,
      failed: 0,
      retrying: 0,
      more: false,
    };

    await this.em.fork().transactional(async (em) => {
      const records = await lockOutcomeRows(em, [...generations.keys()]);
      const now = new Date();
      for (const record of records) {
        const outcome = outcomes.get(record.id) ?? {};
        const changed = record.generation !== generations.get(record.id);
        record.claimedAt = null;
        const result = outcome.result;
        const written = outcome.skipped || result?.ok;
        if (written) {
          // The person is written even when a campaign membership then fails or waits.
          if (result?.ok) {
            record.remoteIds = storedRemoteIds(record.remoteIds, result);
            if (outcome.values) {
              record.lastWritten = { object: result.object, values: outcome.values };
            }
          } else if (outcome.object && outcome.values && !record.lastWritten) {
            // The payload of the last write, unchanged: recorded for records cleared before
            // what was written was kept.
            record.lastWritten = { object: outcome.object, values: outcome.values };
          }
          record.payloadHash = outcome.hash ?? null;
        }
        if (outcome.deferredUntil) {
          const reason =
            outcome.campaignFailure ??
            (outcome.result && !outcome.result.ok ? outcome.result.error : outcome.failure);
          if (reason) this.setError(record, reason);
          record.state = SyncState.Queued;
          record.dueAt = changed ? now : outcome.deferredUntil;
          report.retrying += 1;
          continue;
        }
        if (written && !outcome.campaignFailure) {
          record.syncedAt = now;
          record.attempts = 0;
          this.clearError(record);
          record.state = changed ? SyncState.Queued : SyncState.Cleared;
          if (!changed) {
            report.cleared += 1;
            this.metrics.leadOutcomes.inc({ connector, state: 'cleared', category: '' });
            const waitedMs = now.getTime() - record.dueAt.getTime();
            this.metrics.syncLatency.observe({ connector }, Math.max(0, waitedMs) / 1000);
          }
          continue;
        }
        const error =
          outcome.campaignFailure ??
          (result && !result.ok ? result.error : (outcome.failure ?? NO_RESULT));
        this.setError(record, error);
        if (error.category === 'AUTH_INVALID') {
          // Held, not failed: the leads sync once the connection is re-authorised.
          record.state = SyncState.Queued;
          continue;
        }
        if (changed) {
          record.state = SyncState.Queued;
          record.attempts = 0;
          continue;
        }
        if (error.retryable && record.attempts + 1 < this.options.maxAttempts) {
          record.attempts += 1;
          record.state = SyncState.Queued;
          record.dueAt = new Date(
            now.getTime() + retryDelayMs(record.attempts, error.retryAfterMs),
          );
          report.retrying += 1;
          continue;
        }
        record.state = SyncState.Failed;
        record.syncedAt = now;
        report.failed += 1;
        this.metrics.leadOutcomes.inc({ connector, state: 'failed', category: error.category });
      }
      await saveOutcomeRows(em, records);
    });

    return report;
  }

  private setError(record: OutcomeRow, error: NormalisedError): void {
    record.errorCategory = error.category;
    record.errorCode = error.vendorCode;
    record.errorMessage = error.vendorMessage;
    record.errorField = error.field ?? null;
  }

  private clearError(record: OutcomeRow): void {
    record.errorCategory = null;
    record.errorCode = null;
    record.errorMessage = null;
    record.errorField = null;
  }

  /**
   * Queues the connection's next job for its earliest waiting record: the rest of a backlog (behind
   * other connections' jobs), a retry, a lead that changed while in flight, an enrichment wait.
   */
  private async scheduleNextDue(em: EntityManager, connectionId: string): Promise<void> {
    const [next]: { due_at: Date | null }[] = await em.execute(
      `SELECT min(due_at) AS due_at FROM sync_records
        WHERE connection_id = ? AND state IN ('queued', 'awaiting_enrichment')`,
      [connectionId],
    );
    if (next?.due_at) await this.scheduler.kick(connectionId, new Date(next.due_at));
  }
}
