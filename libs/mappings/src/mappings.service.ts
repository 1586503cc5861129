import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { RemoteField } from '@libs/connector-sdk';
import { DomainError, ErrorCode } from '@libs/core';
import { ConnectionsService, type Connection } from '@libs/connections';
import { LEAD_FIELD_PATHS } from '@libs/leads';
import { ConnectorRegistry } from '@libs/plugin-host';
import type { Org } from '@libs/orgs';
import { MappingChanges } from './mapping-changes';
import { MappingBehaviour, MappingRow } from './mapping-row.entity';
import { RemoteSchemaCache } from './remote-schema.entity';

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

  async list(org: Org, connectionId: string, object: string): Promise<MappingRow[]> {
    const connection = await this.connections.get(org, connectionId);
    this.assertObject(connection, object);

    return this.em.find(MappingRow, { connection, object }, { orderBy: { target: 'asc' } });
  }

  /** Fetches the remote schema live from the vendor and caches it. */
  async refreshSchema(org: Org, connectionId: string, object: string): Promise<RemoteField[]> {
    const connection = await this.connections.get(org, connectionId);
    this.assertObject(connection, object);
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

    return schema.fields;
  }

  /**
   * Replaces the object's mapping with the connector's recommendations, keeping only rows whose
   * remote field exists in the live schema and can be written.
   */
  async setDefaults(org: Org, connectionId: string, object: string): Promise<SetDefaultsResult> {
    const connection = await this.connections.get(org, connectionId);
    this.assertObject(connection, object);
    const recommended = this.registry.get(connection.integration).recommendedMappings(object);
    if (!recommended) {
      throw new DomainError(
        ErrorCode.NotFound,
        `${connection.integration} has no recommended mapping for ${object}`,
      );
    }
    const fields = new Map(
      (await this.refreshSchema(org, connectionId, object)).map((field) => [field.name, field]),
    );
    const skipped: SetDefaultsResult['skipped'] = [];
    const kept = recommended.rows.filter((row) => {
      const field = fields.get(row.target);
      const reason = !LEAD_FIELD_PATHS.has(row.source)
        ? 'unknown Mobly field'
        : !field
          ? 'remote field does not exist'
          : field.readOnly
            ? 'remote field is read-only'
            : undefined;
      if (reason) skipped.push({ source: row.source, target: row.target, reason });

      return reason === undefined;
    });

    const rows = await this.em.transactional(async (em) => {
      await em.nativeDelete(MappingRow, { connection, object });

      return kept.map((row) =>
        em.create(MappingRow, {
          connection,
          object,
          source: row.source,
          target: row.target,
          behaviour:
            row.behaviour === 'write_if_blank'
              ? MappingBehaviour.WriteIfBlank
              : MappingBehaviour.Overwrite,
          defaultsVersion: recommended.version,
        }),
      );
    });

    await this.changes.changed(connection.id);

    return { version: recommended.version, rows, skipped };
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
