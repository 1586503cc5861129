import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { RemoteField } from '@libs/connector-sdk';
import { Connection, ConnectionPlatform, ConnectionsService } from '@libs/connections';
import { actorOf, DomainError, ErrorCode, type FieldProblem, type Principal } from '@libs/core';
import { MappingBehaviour, MappingChanges, MappingRow, MappingsService } from '@libs/mappings';
import type { Org } from '@libs/orgs';
import { ConnectorRegistry } from '@libs/plugin-host';
import { legacyPanelRows, type LegacyPanel } from './legacy-panel';
import { LegacyService } from './legacy.service';
import { ifMatchTag, reviewObject, reviewTag, rowChanges } from './mapping-draft-review';
import {
  LegacyMappingDraftDto,
  LiveRowDto,
  DraftSkipDto,
  type AppliedDraftDto,
  type ApplyLegacyMappingDto,
  type ImportLegacyMappingDto,
} from './mapping-draft.dto';
import { LegacyMappingDraft, type DraftRow, type DraftSkip } from './mapping-draft.entity';

type SchemaFields = Map<string, ReadonlyMap<string, RemoteField>>;

/**
 * The opt-in import of a legacy integration's mapping panels into a new platform connection: a
 * draft shown for review against the live mapping, applied (all of it or chosen rows) only on
 * an explicit call based on the review the admin saw, or discarded. Nothing else touches the
 * live mapping, so leads keep syncing with the rows they had.
 */
@Injectable()
export class LegacyMappingDraftsService {
  constructor(
    private readonly em: EntityManager,
    private readonly connections: ConnectionsService,
    private readonly registry: ConnectorRegistry,
    private readonly mappings: MappingsService,
    private readonly changes: MappingChanges,
    private readonly legacy: LegacyService,
  ) {}

  /** Translates the legacy panels into a draft for the connection, replacing any earlier one. */
  async import(
    org: Org,
    connectionId: string,
    input: ImportLegacyMappingDto,
    actor: Principal,
  ): Promise<LegacyMappingDraftDto> {
    const connection = await this.newConnection(org, connectionId);
    const legacyConnection = await this.legacyConnectionFor(
      org,
      connection,
      input.legacyConnectionId,
    );
    const panels = await this.legacy.configuration(org, legacyConnection.id);
    const { rows, skipped } = this.translate(connection, panels);
    if (rows.length === 0) {
      throw DomainError.invalid([
        {
          field: 'legacyConnectionId',
          message:
            skipped.length > 0
              ? `no panel of the legacy connection fits the ${connection.integration} connector`
              : 'the legacy connection has no mapping panel to import',
        },
      ]);
    }
    // Targets the cached schema lacks may be new remote fields: the schema is fetched once more.
    await this.schemaFields(org, connection, rows);

    try {
      await this.em.fork().transactional(async (em) => {
        await em.nativeDelete(LegacyMappingDraft, { connection: connection.id });
        em.create(LegacyMappingDraft, {
          connection: em.getReference(Connection, connection.id),
          legacyConnection: em.getReference(Connection, legacyConnection.id),
          rows,
          skipped,
          importedBy: actorOf(actor),
        });
      });
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      throw new DomainError(
        ErrorCode.Conflict,
        'Another import for this connection finished at the same time: read the draft again',
      );
    }

    return this.review(org, connectionId);
  }

  /** The draft, each row checked against the cached schema and compared with the live mapping. */
  async review(org: Org, connectionId: string): Promise<LegacyMappingDraftDto> {
    const connection = await this.connections.get(org, connectionId);
    const em = this.em.fork();
    const draft = await this.draftOf(em, connection);
    const live = await this.liveRows(em, connection, draft);
    const fields = await this.schemaFields(org, connection, draft.rows, false);
    const objects = [...new Set(draft.rows.map((row) => row.object))].map((object) => {
      const rows = draft.rows
        .filter((row) => row.object === object)
        .sort((a, b) => a.target.localeCompare(b.target));

      return reviewObject(
        rows[0].legacyObject,
        object,
        rows,
        live.filter((row) => row.object === object),
        fields.get(object) ?? new Map(),
      );
    });

    return LegacyMappingDraftDto.from(draft, objects, reviewTag(draft, live));
  }

  /**
   * Makes the chosen draft rows (all added or changed ones when none are named) live mapping
   * rows, in one transaction, when the draft and the live rows are still as the caller reviewed
   * them (`If-Match`, or the body's `etag`); otherwise nothing changes and the answer is 409.
   */
  async apply(
    org: Org,
    connectionId: string,
    input: ApplyLegacyMappingDto,
    ifMatch: string | undefined,
  ): Promise<AppliedDraftDto> {
    const connection = await this.connections.get(org, connectionId);
    const expected = expectedTag(ifMatch, input.etag);
    const draft = await this.draftOf(this.em.fork(), connection);
    const fields = await this.schemaFields(org, connection, draft.rows);
    const exists = (row: DraftRow) => fields.get(row.object)?.has(row.target) === true;
    const chosen: DraftRow[] = [];
    const skipped: DraftSkip[] = [];
    if (input.rows) {
      const problems: FieldProblem[] = [];
      for (const [index, ref] of input.rows.entries()) {
        const row = draft.rows.find(
          (candidate) => candidate.object === ref.object && candidate.target === ref.target,
        );
        const field = `rows[${index}]`;
        if (!row) {
          problems.push({ field, message: `the draft has no row ${ref.object}.${ref.target}` });
        } else if (!exists(row)) {
          problems.push({ field, message: `${row.object} has no field ${row.target}` });
        } else if (!chosen.includes(row)) {
          chosen.push(row);
        }
      }
      if (problems.length > 0) throw DomainError.invalid(problems);
    } else {
      for (const row of draft.rows) {
        if (exists(row)) chosen.push(row);
        else {
          skipped.push({
            legacyObject: row.legacyObject,
            target: row.target,
            reason: `${row.object} has no field ${row.target}`,
          });
        }
      }
    }

    let applied: MappingRow[];
    try {
      applied = await this.em.fork().transactional(async (em) => {
        const locked = await em.findOne(
          LegacyMappingDraft,
          { id: draft.id },
          { lockMode: LockMode.PESSIMISTIC_WRITE },
        );
        if (!locked) throw DomainError.notFound('Legacy mapping draft of connection', connectionId);
        const live = await this.liveRows(em, connection, locked, true);
        const current = reviewTag(locked, live);
        if (current !== expected) throw stale(current);

        const written: MappingRow[] = [];
        for (const row of chosen) {
          const existing = live.find(
            (candidate) => candidate.object === row.object && candidate.target === row.target,
          );
          if (existing && rowChanges(row, existing).length === 0) continue;
          const target =
            existing ??
            em.create(MappingRow, {
              connection: em.getReference(Connection, connection.id),
              object: row.object,
              target: row.target,
            });
          Object.assign(target, {
            source: row.source,
            constant: null,
            template: null,
            valueMap: null,
            format: null,
            truncate: false,
            behaviour: MappingBehaviour.Overwrite,
            defaultsVersion: null,
          });
          written.push(target);
        }
        if (written.length > 0) locked.appliedAt = new Date();

        return written;
      });
    } catch (error) {
      // A row written for the same remote field since the check: the review is stale.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      throw stale(undefined);
    }
    if (applied.length > 0) await this.changes.changed(connection.id);

    return {
      applied: applied.map((row) => LiveRowDto.from(row)),
      skipped: skipped.map((skip) => DraftSkipDto.from(skip)),
      draft: await this.review(org, connectionId),
    };
  }

  /** Drops the draft; the live mapping is not touched. */
  async discard(org: Org, connectionId: string): Promise<void> {
    const connection = await this.connections.get(org, connectionId);
    const removed = await this.em
      .fork()
      .nativeDelete(LegacyMappingDraft, { connection: connection.id });
    if (removed === 0)
      throw DomainError.notFound('Legacy mapping draft of connection', connectionId);
  }

  private async draftOf(em: EntityManager, connection: Connection): Promise<LegacyMappingDraft> {
    const draft = await em.findOne(LegacyMappingDraft, { connection: connection.id });
    if (!draft) throw DomainError.notFound('Legacy mapping draft of connection', connection.id);

    return draft;
  }

  private async liveRows(
    em: EntityManager,
    connection: Connection,
    draft: LegacyMappingDraft,
    lock = false,
  ): Promise<MappingRow[]> {
    const objects = [...new Set(draft.rows.map((row) => row.object))];

    return em.find(
      MappingRow,
      { connection: connection.id, object: { $in: objects } },
      {
        orderBy: { object: 'asc', target: 'asc' },
        ...(lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {}),
      },
    );
  }

  /**
   * The cached remote schema of each object the rows name; with `refresh`, fetched again once
   * when it lacks a row's remote field, as a mapping row's field is looked up.
   */
  private async schemaFields(
    org: Org,
    connection: Connection,
    rows: DraftRow[],
    refresh = true,
  ): Promise<SchemaFields> {
    const fields: SchemaFields = new Map();
    for (const object of new Set(rows.map((row) => row.object))) {
      let schema = (await this.mappings.cachedSchema(connection, object)).fields;
      const missing = rows.some(
        (row) => row.object === object && !schema.some((field) => field.name === row.target),
      );
      if (refresh && missing)
        schema = await this.mappings.refreshSchema(org, connection.id, object);
      fields.set(object, new Map(schema.map((field) => [field.name, field])));
    }

    return fields;
  }

  /** The connection, when it is on the new platform. */
  private async newConnection(org: Org, id: string): Promise<Connection> {
    const connection = await this.connections.get(org, id);
    if (connection.platform !== ConnectionPlatform.New) {
      throw DomainError.invalid([
        {
          field: 'connectionId',
          message: 'is a legacy connection: import into a new platform connection',
        },
      ]);
    }

    return connection;
  }

  private vendorOf(connection: Connection): string {
    const definition = this.registry.get(connection.integration);

    return definition.vendor ?? definition.id;
  }

  /** The legacy connection named, or the org's only one to the same vendor, in the category. */
  private async legacyConnectionFor(
    org: Org,
    connection: Connection,
    id: string | undefined,
  ): Promise<Connection> {
    const vendor = this.vendorOf(connection);
    const field = 'legacyConnectionId';
    if (id) {
      const found = await this.em.findOne(Connection, { id, org });
      if (!found || found.platform !== ConnectionPlatform.Legacy) {
        throw DomainError.invalid([
          { field, message: 'no legacy connection of the org has this id' },
        ]);
      }
      if (found.category !== connection.category || this.vendorOf(found) !== vendor) {
        throw DomainError.invalid([
          { field, message: `is a ${found.integration} connection, not a legacy ${vendor} one` },
        ]);
      }

      return found;
    }
    const candidates = (
      await this.em.find(
        Connection,
        { org, platform: ConnectionPlatform.Legacy, category: connection.category },
        { orderBy: { createdAt: 'asc' } },
      )
    ).filter((candidate) => this.vendorOf(candidate) === vendor);
    if (candidates.length === 1) return candidates[0];

    throw DomainError.invalid([
      {
        field,
        message:
          candidates.length === 0
            ? `the org has no legacy ${vendor} connection`
            : `the org has ${candidates.length} legacy ${vendor} connections: name one`,
      },
    ]);
  }

  /**
   * The panels as draft rows of the new connector's objects: a panel joins the object of the
   * same name (Salesforce `Lead` → `Lead`, HubSpot `contacts` → `contacts`); a panel with no
   * such object, or an entry legacy could not express, is skipped with the reason.
   */
  private translate(
    connection: Connection,
    panels: Record<string, LegacyPanel>,
  ): { rows: DraftRow[]; skipped: DraftSkip[] } {
    const objects = this.registry
      .get(connection.integration)
      .capabilities.objects.map((candidate) => candidate.name);
    const rows: DraftRow[] = [];
    const skipped: DraftSkip[] = [];
    for (const [legacyObject, panel] of Object.entries(panels)) {
      const object =
        objects.find((name) => name === legacyObject) ??
        objects.find((name) => name.toLowerCase() === legacyObject.toLowerCase());
      if (!object) {
        skipped.push({
          legacyObject,
          target: null,
          reason: `the ${connection.integration} connector has no object ${legacyObject}`,
        });
        continue;
      }
      const translated = legacyPanelRows(panel, legacyObject);
      for (const problem of translated.problems) {
        const target = problem.field.slice(legacyObject.length + 1);
        skipped.push({ legacyObject, target, reason: problem.message });
      }
      for (const row of translated.rows) {
        rows.push({ object, legacyObject, source: row.source, target: row.target });
      }
    }

    return { rows, skipped };
  }
}

/** The review an apply is based on: If-Match or the body's `etag`, which must agree. */
function expectedTag(ifMatch: string | undefined, bodyTag: string | undefined): string {
  const header = ifMatchTag(ifMatch);
  const body = ifMatchTag(bodyTag, 'etag');
  if (header !== undefined && body !== undefined && header !== body) {
    throw DomainError.invalid([{ field: 'etag', message: 'differs from If-Match' }]);
  }
  const expected = header ?? body;
  if (expected === undefined) {
    throw new DomainError(
      ErrorCode.PreconditionRequired,
      'Send the ETag of the draft as reviewed: an If-Match header or an `etag` field',
    );
  }

  return expected;
}

/** A stale apply: the draft or the live mapping changed since the caller's review. */
function stale(current: string | undefined): DomainError {
  return new DomainError(
    ErrorCode.Conflict,
    'The draft or the live mapping changed since it was reviewed: review it again',
    current ? { etag: current } : {},
  );
}
