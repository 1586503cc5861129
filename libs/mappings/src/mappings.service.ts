import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { RemoteField } from '@libs/connector-sdk';
import { DomainError, ErrorCode } from '@libs/core';
import { ConnectionsService, type Connection } from '@libs/connections';
import { LEAD_FIELD_PATHS } from '@libs/leads';
import { ConnectorRegistry } from '@libs/plugin-host';
import type { Org } from '@libs/orgs';
import { AppliedDefaults } from './applied-defaults.entity';
import { MappingChanges } from './mapping-changes';
import { MappingBehaviour, MappingRow } from './mapping-row.entity';
import { CheckedMappingRowDto, type ObjectMappingDto } from './mappings.dto';
import { RemoteSchemaCache } from './remote-schema.entity';
import { requiredUnmapped, rowProblems } from './schema-checks';

export interface SetDefaultsResult {
  version: string;
  rows: MappingRow[];
  /** Recommended rows left out because the remote schema lacks or locks their field. */
  skipped: { source: string; target: string; reason: string }[];
}

@Injectable()
export class MappingsService {
  constructor(
    private readonly em: EntityManager,
    private readonly connections: ConnectionsService,
    private readonly registry: ConnectorRegistry,
    private readonly changes: MappingChanges,
  ) {}

  /** The connection, when `object` is one of its connector's objects. */
  async connectionFor(org: Org, connectionId: string, object: string): Promise<Connection> {
    const connection = await this.connections.get(org, connectionId);
    this.assertObject(connection, object);

    return connection;
  }

  async rows(connection: Connection, object: string): Promise<MappingRow[]> {
    return this.em.find(MappingRow, { connection, object }, { orderBy: { target: 'asc' } });
  }

  /**
   * The object's mapping with what stops each row from working (remote field missing, read-only,
   * type mismatch, a value too long or not allowed) and the required remote fields no row writes,
   * judged from the cached remote schema (fetched first if there is none).
   */
  async list(org: Org, connectionId: string, object: string): Promise<ObjectMappingDto> {
    const connection = await this.connectionFor(org, connectionId, object);
    const schema = await this.cachedSchema(connection, object);
    const fields = new Map(schema.fields.map((field) => [field.name, field]));
    const rows = await this.rows(connection, object);
    const applied = await this.em.findOne(AppliedDefaults, { connection, object });

    return {
      object,
      schemaFetchedAt: schema.fetchedAt.toISOString(),
      defaults: {
        applied: applied?.version ?? null,
        current: this.recommendations(connection, object)?.version ?? null,
      },
      problems: requiredUnmapped(rows, fields),
      rows: rows.map((row) => CheckedMappingRowDto.checked(row, rowProblems(row, fields))),
    };
  }

  /** The cached remote schema, fetched from the vendor when the connection has none yet. */
  async cachedSchema(connection: Connection, object: string): Promise<RemoteSchemaCache> {
    const cached = await this.em.findOne(RemoteSchemaCache, { connection, object });
    if (cached) return cached;
    await this.fetchSchema(connection, object);

    return this.em.findOneOrFail(RemoteSchemaCache, { connection, object });
  }

  /** Fetches the remote schema live from the vendor and caches it. */
  async refreshSchema(org: Org, connectionId: string, object: string): Promise<RemoteField[]> {
    return this.fetchSchema(await this.connectionFor(org, connectionId, object), object);
  }

  private async fetchSchema(connection: Connection, object: string): Promise<RemoteField[]> {
    const schema = await (await this.connections.clientFor(connection.id)).describe(object);
    const cached = await this.em.findOne(RemoteSchemaCache, { connection, object });
    if (cached) {
      cached.fields = schema.fields;
      cached.fetchedAt = new Date();
    } else {
      this.em.persist(
        this.em.create(RemoteSchemaCache, { connection, object, fields: schema.fields }),
      );
    }
    await this.em.flush();
    // A changed schema can make rows work again (or stop): leads held for it may go.
    await this.changes.changed(connection.id);

    return schema.fields;
  }

  /**
   * Replaces the object's mapping with the connector's recommendations, keeping only rows whose
   * remote field exists in the live schema and can be written. The connection remembers the
   * recommendations it was given, for the drift report.
   */
  async setDefaults(org: Org, connectionId: string, object: string): Promise<SetDefaultsResult> {
    const connection = await this.connectionFor(org, connectionId, object);
    const recommended = this.recommendations(connection, object);
    if (!recommended) {
      throw new DomainError(
        ErrorCode.NotFound,
        `${connection.integration} has no recommended mapping for ${object}`,
      );
    }
    const fields = new Map(
      (await this.fetchSchema(connection, object)).map((field) => [field.name, field]),
    );
    const skipped: SetDefaultsResult['skipped'] = [];
    const kept = recommended.rows.filter((row) => {
      const reason = unusableReason(row.source, fields.get(row.target));
      if (reason) skipped.push({ source: row.source, target: row.target, reason });

      return reason === undefined;
    });

    const rows = await this.em.transactional(async (em) => {
      await em.nativeDelete(MappingRow, { connection, object });
      await em.nativeDelete(AppliedDefaults, { connection, object });
      em.create(AppliedDefaults, {
        connection,
        object,
        version: recommended.version,
        rows: recommended.rows,
      });

      return kept.map((row) =>
        em.create(MappingRow, {
          connection,
          object,
          source: row.source,
          target: row.target,
          behaviour: behaviourOf(row.behaviour),
          defaultsVersion: recommended.version,
        }),
      );
    });

    await this.changes.changed(connection.id);

    return { version: recommended.version, rows, skipped };
  }

  /** Clear object mappings: empties the section; the connection holds no defaults for it. */
  async clear(org: Org, connectionId: string, object: string): Promise<number> {
    const connection = await this.connectionFor(org, connectionId, object);
    const removed = await this.em.transactional(async (em) => {
      await em.nativeDelete(AppliedDefaults, { connection, object });

      return em.nativeDelete(MappingRow, { connection, object });
    });
    await this.changes.changed(connection.id);

    return removed;
  }

  recommendations(connection: Connection, object: string) {
    return this.registry.get(connection.integration).recommendedMappings(object);
  }

  private assertObject(connection: Connection, object: string): void {
    const objects = this.registry.get(connection.integration).capabilities.objects;
    if (!objects.some((candidate) => candidate.name === object)) {
      throw DomainError.invalid([
        {
          field: 'object',
          message: `must be one of ${objects.map((candidate) => candidate.name).join(', ')}`,
        },
      ]);
    }
  }
}

export function behaviourOf(behaviour: string): MappingBehaviour {
  return behaviour === 'write_if_blank'
    ? MappingBehaviour.WriteIfBlank
    : MappingBehaviour.Overwrite;
}

/** Why a recommended row cannot be applied, or undefined when it can. */
export function unusableReason(source: string, field: RemoteField | undefined): string | undefined {
  if (!LEAD_FIELD_PATHS.has(source)) return 'unknown Mobly field';
  if (!field) return 'remote field does not exist';
  if (field.readOnly) return 'remote field is read-only';

  return undefined;
}
