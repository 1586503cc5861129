import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  Connection,
  ConnectionPlatform,
  ConnectionsService,
  LEGACY_INTEGRATIONS,
  SyncMode,
} from '@libs/connections';
import type { Credentials, Settings } from '@libs/connector-sdk';
import { DomainError, type FieldProblem, type Principal } from '@libs/core';
import { AppliedDefaults, MappingBehaviour, MappingChanges, MappingRow } from '@libs/mappings';
import type { Org } from '@libs/orgs';
import { ConnectorRegistry } from '@libs/plugin-host';
import { legacyPanelRows, panelOfRows, type LegacyPanel } from './legacy-panel';

/** The most remote fields one panel may name. */
export const MAX_PANEL_FIELDS = 500;

export interface CreateLegacyConnectionInput {
  vendor: string;
  credentials: Credentials;
  settings?: Settings;
  syncMode?: string;
}

/**
 * Legacy integrations in maintenance mode: connected with the legacy credentials, configured
 * with one mapping panel per object, always syncing automatically. Their leads go through the
 * same sync engine as every connection: a panel becomes the connection's mapping rows.
 */
@Injectable()
export class LegacyService {
  constructor(
    private readonly em: EntityManager,
    private readonly connections: ConnectionsService,
    private readonly registry: ConnectorRegistry,
    private readonly changes: MappingChanges,
  ) {}

  async create(
    org: Org,
    input: CreateLegacyConnectionInput,
    actor?: Principal,
  ): Promise<Connection> {
    const problems: FieldProblem[] = [];
    if (input.syncMode !== undefined && input.syncMode !== SyncMode.Automatic) {
      problems.push({
        field: 'syncMode',
        message: 'legacy integrations always sync automatically: must be automatic',
      });
    }
    const integration = LEGACY_INTEGRATIONS[input.vendor];
    if (integration === undefined) {
      problems.push({
        field: 'vendor',
        message: `must be one of ${Object.keys(LEGACY_INTEGRATIONS).join(', ')}`,
      });
    }
    if (integration !== undefined) {
      problems.push(
        ...this.connections.inputProblems(this.registry.get(integration), {
          credentials: input.credentials,
          settings: input.settings,
        }),
      );
    }
    if (problems.length > 0 || integration === undefined) throw DomainError.invalid(problems);

    return this.connections.create(
      org,
      {
        integration,
        credentials: input.credentials,
        settings: input.settings,
        platform: ConnectionPlatform.Legacy,
      },
      actor,
    );
  }

  async get(org: Org, id: string): Promise<Connection> {
    const connection = await this.connections.get(org, id);
    if (connection.platform !== ConnectionPlatform.Legacy) {
      throw DomainError.notFound('Legacy connection', id);
    }

    return connection;
  }

  /** Every panel of the connection, in the legacy configuration shape. */
  async configuration(org: Org, id: string): Promise<Record<string, LegacyPanel>> {
    const connection = await this.get(org, id);
    const rows = await this.em.find(
      MappingRow,
      { connection },
      { orderBy: { object: 'asc', target: 'asc' } },
    );
    const objects: Record<string, LegacyPanel> = {};
    for (const object of this.objectsOf(connection)) {
      const panel = panelOfRows(rows.filter((row) => row.object === object));
      if (Object.keys(panel).length > 0) objects[object] = panel;
    }

    return objects;
  }

  async panel(org: Org, id: string, object: string): Promise<LegacyPanel> {
    const connection = await this.get(org, id);
    this.assertObject(connection, object);
    const rows = await this.em.find(
      MappingRow,
      { connection, object },
      { orderBy: { target: 'asc' } },
    );

    return panelOfRows(rows);
  }

  /**
   * Saves one object's whole panel, as the legacy screen did: it replaces the object's mapping
   * rows at once. Leads held for want of a mapping then sync.
   */
  async savePanel(org: Org, id: string, object: string, panel: LegacyPanel): Promise<LegacyPanel> {
    const connection = await this.get(org, id);
    this.assertObject(connection, object);
    const entries = Object.keys(panel).length;
    if (entries > MAX_PANEL_FIELDS) {
      throw DomainError.invalid([
        { field: 'fields', message: `names ${entries} fields; at most ${MAX_PANEL_FIELDS}` },
      ]);
    }
    const { rows, problems } = legacyPanelRows(panel);
    if (problems.length > 0) throw DomainError.invalid(problems);

    await this.em.fork().transactional(async (em) => {
      await em.nativeDelete(MappingRow, { connection: connection.id, object });
      await em.nativeDelete(AppliedDefaults, { connection: connection.id, object });
      for (const row of rows) {
        em.create(MappingRow, {
          connection: em.getReference(Connection, connection.id),
          object,
          source: row.source,
          target: row.target,
          behaviour: MappingBehaviour.Overwrite,
        });
      }
    });
    await this.changes.changed(connection.id);

    return this.panel(org, id, object);
  }

  private objectsOf(connection: Connection): string[] {
    return this.registry
      .get(connection.integration)
      .capabilities.objects.map((candidate) => candidate.name);
  }

  private assertObject(connection: Connection, object: string): void {
    const objects = this.objectsOf(connection);
    if (objects.includes(object)) return;
    throw DomainError.invalid([
      { field: 'object', message: `must be one of ${objects.join(', ')}` },
    ]);
  }
}
