import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type FieldProblem } from '@libs/core';
import type { Connection } from '@libs/connections';
import { LEAD_FIELD_PATHS } from '@libs/leads';
import type { Org } from '@libs/orgs';
import { MappingChanges } from './mapping-changes';
import { MappingBehaviour, MappingRow } from './mapping-row.entity';
import type { CreateMappingRowDto, UpdateMappingRowDto } from './mapping-row-input.dto';
import { MappingRowDto } from './mappings.dto';
import { MappingsService } from './mappings.service';
import { templatePaths } from './transforms';

type RowInput = CreateMappingRowDto | UpdateMappingRowDto;

/** A stale write: the row changed since the caller read it. Carries the row as it is now. */
function staleWrite(row: MappingRow): DomainError {
  return new DomainError(
    ErrorCode.Conflict,
    `Mapping row ${row.id} is at version ${row.version}: it changed since it was read`,
    { current: MappingRowDto.from(row) },
  );
}

/** The value kinds set by an input: exactly one of source, constant, template must remain. */
const VALUE_KINDS = ['source', 'constant', 'template'] as const;

/**
 * Creates, changes and removes one mapping row per request, saved at once. Changes and removals
 * name the version they were based on; a stale one is refused with the current row, never applied.
 */
@Injectable()
export class MappingRowsService {
  constructor(
    private readonly em: EntityManager,
    private readonly mappings: MappingsService,
    private readonly changes: MappingChanges,
  ) {}

  async get(org: Org, connectionId: string, object: string, rowId: string): Promise<MappingRow> {
    const connection = await this.mappings.connectionFor(org, connectionId, object);
    const row = await this.em.findOne(MappingRow, { id: rowId, connection, object });
    if (!row) throw DomainError.notFound('Mapping row', rowId);

    return row;
  }

  async create(
    org: Org,
    connectionId: string,
    object: string,
    input: CreateMappingRowDto,
  ): Promise<MappingRow> {
    const connection = await this.mappings.connectionFor(org, connectionId, object);
    // Built unmanaged: nothing is stored until the row is valid.
    const row = Object.assign(new MappingRow(), { connection, object, target: input.target });
    assign(row, input);
    await this.assertValid(connection, object, row, input);

    try {
      await this.em.persistAndFlush(row);
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      throw await this.targetTaken(connection, object, input.target);
    }
    await this.changes.changed(connection.id);

    return row;
  }

  async update(
    org: Org,
    connectionId: string,
    object: string,
    rowId: string,
    input: UpdateMappingRowDto,
    ifMatch: number | undefined,
  ): Promise<MappingRow> {
    const connection = await this.mappings.connectionFor(org, connectionId, object);
    const expected = expectedVersion(ifMatch, input.version);
    const em = this.em.fork();
    let row: MappingRow;
    try {
      row = await em.transactional(async (tx) => {
        const locked = await this.locked(tx, connection, object, rowId, expected);
        assign(locked, input);
        await this.assertValid(connection, object, locked, input);
        locked.defaultsVersion = null;

        return locked;
      });
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      throw await this.targetTaken(connection, object, input.target ?? '');
    }
    await this.changes.changed(connection.id);

    return row;
  }

  async remove(
    org: Org,
    connectionId: string,
    object: string,
    rowId: string,
    ifMatch: number | undefined,
  ): Promise<void> {
    const connection = await this.mappings.connectionFor(org, connectionId, object);
    const expected = expectedVersion(ifMatch, undefined);
    await this.em.fork().transactional(async (tx) => {
      tx.remove(await this.locked(tx, connection, object, rowId, expected));
    });
    await this.changes.changed(connection.id);
  }

  /** The row locked for this transaction, when it is still at the expected version. */
  private async locked(
    em: EntityManager,
    connection: Connection,
    object: string,
    rowId: string,
    expected: number,
  ): Promise<MappingRow> {
    const row = await em.findOne(
      MappingRow,
      { id: rowId, connection, object },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!row) throw DomainError.notFound('Mapping row', rowId);
    if (row.version !== expected) throw staleWrite(row);

    return row;
  }

  private async targetTaken(
    connection: Connection,
    object: string,
    target: string,
  ): Promise<DomainError> {
    const existing = await this.em.fork().findOne(MappingRow, { connection, object, target });

    return new DomainError(
      ErrorCode.Conflict,
      `${target} is already written by another row of ${object}`,
      existing ? { current: MappingRowDto.from(existing) } : {},
    );
  }

  /**
   * A row writes exactly one of a Mobly field, a constant or a template of known fields, to a
   * remote field of the cached schema (refreshed once when it is not found there).
   */
  private async assertValid(
    connection: Connection,
    object: string,
    row: MappingRow,
    input: RowInput,
  ): Promise<void> {
    const problems: FieldProblem[] = [];
    const given = VALUE_KINDS.filter((kind) => input[kind] !== undefined && input[kind] !== null);
    const kinds = VALUE_KINDS.filter((kind) => row[kind] !== null && row[kind] !== undefined);
    if (given.length > 1 || kinds.length !== 1) {
      for (const field of given.length > 0 ? given : ['source']) {
        problems.push({ field, message: 'set exactly one of source, constant or template' });
      }
    }
    for (const path of row.template ? templatePaths(row.template) : []) {
      if (!LEAD_FIELD_PATHS.has(path)) {
        problems.push({ field: 'template', message: `{{${path}}} is not a Mobly lead field` });
      }
    }
    if (input.target !== undefined) {
      let schema = await this.mappings.cachedSchema(connection, object);
      if (!schema.fields.some((field) => field.name === row.target)) {
        await this.mappings.refreshSchema(connection.org, connection.id, object);
        schema = await this.mappings.cachedSchema(connection, object);
      }
      if (!schema.fields.some((field) => field.name === row.target)) {
        problems.push({ field: 'target', message: `${object} has no field ${row.target}` });
      }
    }
    if (problems.length > 0) throw DomainError.invalid(problems);
  }
}

/** The version a change is based on: If-Match or the body's `version`, which must agree. */
function expectedVersion(ifMatch: number | undefined, bodyVersion: number | undefined): number {
  if (ifMatch !== undefined && bodyVersion !== undefined && ifMatch !== bodyVersion) {
    throw DomainError.invalid([{ field: 'version', message: 'differs from If-Match' }]);
  }
  const expected = ifMatch ?? bodyVersion;
  if (expected === undefined) {
    throw new DomainError(
      ErrorCode.PreconditionRequired,
      'Send the version the change is based on: an If-Match header or a `version` field',
    );
  }

  return expected;
}

/** Copies the input onto the row; setting one value kind clears the others. */
function assign(row: MappingRow, input: RowInput): void {
  const kind = VALUE_KINDS.find(
    (candidate) => input[candidate] !== undefined && input[candidate] !== null,
  );
  if (kind) {
    for (const other of VALUE_KINDS) row[other] = other === kind ? input[kind] : null;
  } else {
    for (const other of VALUE_KINDS) if (input[other] === null) row[other] = null;
  }
  if (input.target !== undefined) row.target = input.target;
  if (input.valueMap !== undefined) row.valueMap = input.valueMap;
  if (input.format !== undefined) row.format = input.format;
  if (input.truncate !== undefined) row.truncate = input.truncate;
  if (input.behaviour !== undefined) row.behaviour = input.behaviour ?? MappingBehaviour.Overwrite;
}
