import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Connection, ConnectionPlatform, ConnectionStatus } from '@libs/connections';
import { DomainError, type Environment } from '@libs/core';
import { Org } from '@libs/orgs';
import { ConnectorRegistry } from '@libs/plugin-host';
import { legacySunsetPassed, SYNC_OPTIONS, type SyncOptions } from '@libs/sync';
import { CATEGORY_LABELS, type MigratedCategory } from './categories';
import type { OrgPlatform } from './org-platform.entity';
import { OrgPlatforms } from './org-platforms.service';

export type ChecklistItemName =
  'connected' | 'mapping' | 'qualifiers' | 'campaigns' | 'sync_mode' | 'test_lead';

export type ChecklistStatus = 'done' | 'todo' | 'not_applicable';

export interface ChecklistItem {
  item: ChecklistItemName;
  status: ChecklistStatus;
  /** What is done, or what to do. */
  detail: string;
}

export interface ConnectionChecklist {
  connectionId: string;
  integration: string;
  status: ConnectionStatus;
  items: ChecklistItem[];
  /** Every item is done or does not apply. */
  complete: boolean;
}

export interface CategoryMigration {
  category: MigratedCategory;
  platform: ConnectionPlatform;
  switchedAt: Date | null;
  scheduled: { platform: ConnectionPlatform; at: Date; by: string | null } | null;
  scheduleProblem: string | null;
  legacyConnections: { connectionId: string; integration: string; status: ConnectionStatus }[];
  /** The checklist of each of the category's new-platform connections. */
  connections: ConnectionChecklist[];
  /** A new-platform connection exists and every one has its checklist complete. */
  ready: boolean;
}

export interface SunsetNotice {
  at: Date;
  /** From when admins of orgs still on legacy see the notice. */
  noticeFrom: Date;
  passed: boolean;
  message: string;
}

export interface OrgMigration {
  orgId: string;
  name: string;
  categories: CategoryMigration[];
  nextSteps: string[];
  /** Shown while a category is still on legacy, from the notice period on. */
  sunset: SunsetNotice | null;
}

export interface MigrationFilter {
  platform?: ConnectionPlatform;
  category?: MigratedCategory;
  scheduled?: boolean;
  name?: string;
  limit: number;
  offset: number;
}

const DAY_MS = 86_400_000;

/** The migration view of an org: platforms, per-connection checklists, next steps, sunset. */
@Injectable()
export class MigrationStatus {
  private readonly noticeDays: number;

  constructor(
    private readonly em: EntityManager,
    private readonly platforms: OrgPlatforms,
    private readonly registry: ConnectorRegistry,
    @Inject(SYNC_OPTIONS) private readonly options: SyncOptions,
    config: ConfigService<Environment, true>,
  ) {
    this.noticeDays = config.get('LEGACY_SUNSET_NOTICE_DAYS');
  }

  /** Orgs matching the filters, by name, each with its migration view. */
  async list(filter: MigrationFilter): Promise<{ orgs: OrgMigration[]; total: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.name) {
      conditions.push(`o.name ILIKE ? ESCAPE '\\'`);
      params.push(`%${filter.name.replace(/[\\%_]/g, (match) => `\\${match}`)}%`);
    }
    const row: string[] = [];
    if (filter.category) {
      row.push('p.category = ?');
      params.push(filter.category);
    }
    if (filter.platform) {
      row.push('p.platform = ?');
      params.push(filter.platform);
    }
    if (filter.scheduled === true) row.push('p.scheduled_at IS NOT NULL');
    if (filter.scheduled === false && filter.category) row.push('p.scheduled_at IS NULL');
    if (row.length > 0) {
      conditions.push(
        `EXISTS (SELECT 1 FROM org_platforms p WHERE p.org_id = o.id AND ${row.join(' AND ')})`,
      );
    }
    if (filter.scheduled === false && !filter.category) {
      conditions.push(
        'NOT EXISTS (SELECT 1 FROM org_platforms p WHERE p.org_id = o.id AND p.scheduled_at IS NOT NULL)',
      );
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const [{ total }]: { total: string }[] = await this.em.execute(
      `SELECT count(*) AS total FROM orgs o ${where}`,
      params,
    );
    const ids: { id: string }[] = await this.em.execute(
      `SELECT o.id FROM orgs o ${where} ORDER BY o.name, o.id LIMIT ? OFFSET ?`,
      [...params, filter.limit, filter.offset],
    );
    const orgs = await this.em.find(Org, { id: ids.map((candidate) => candidate.id) });
    const views: OrgMigration[] = [];
    for (const { id } of ids) {
      const org = orgs.find((candidate) => candidate.id === id);
      if (org) views.push(await this.of(org));
    }

    return { orgs: views, total: Number(total) };
  }

  async ofOrg(orgId: string): Promise<OrgMigration> {
    const org = await this.em.findOne(Org, { id: orgId });
    if (!org) throw DomainError.notFound('Org', orgId);

    return this.of(org);
  }

  async of(org: Org): Promise<OrgMigration> {
    const rows = await this.platforms.of(org.id);
    const connections = await this.em.find(
      Connection,
      { org: org.id },
      { orderBy: { createdAt: 'asc' } },
    );
    const checklists = await this.checklists(
      org.id,
      connections.filter((connection) => connection.platform === ConnectionPlatform.New),
    );
    const categories = rows.map((row) => this.category(row, connections, checklists));

    return {
      orgId: org.id,
      name: org.name,
      categories,
      nextSteps: this.nextSteps(categories),
      sunset: this.sunsetNotice(categories),
    };
  }

  private category(
    row: OrgPlatform,
    connections: Connection[],
    checklists: Map<string, ConnectionChecklist>,
  ): CategoryMigration {
    const mine = connections.filter((connection) => connection.category === row.category);
    const fresh = mine
      .filter((connection) => connection.platform === ConnectionPlatform.New)
      .map((connection) => checklists.get(connection.id) as ConnectionChecklist);

    return {
      category: row.category,
      platform: row.platform,
      switchedAt: row.switchedAt ?? null,
      scheduled:
        row.scheduledAt && row.scheduledPlatform
          ? { platform: row.scheduledPlatform, at: row.scheduledAt, by: row.scheduledBy ?? null }
          : null,
      scheduleProblem: row.scheduleProblem ?? null,
      legacyConnections: mine
        .filter((connection) => connection.platform === ConnectionPlatform.Legacy)
        .map((connection) => ({
          connectionId: connection.id,
          integration: connection.integration,
          status: connection.status,
        })),
      connections: fresh,
      ready: fresh.length > 0 && fresh.every((checklist) => checklist.complete),
    };
  }

  /**
   * Per new-platform connection: connected, mapping set, qualifiers mapped, campaigns linked,
   * sync mode chosen, a lead of a test event Cleared.
   */
  private async checklists(
    orgId: string,
    connections: Connection[],
  ): Promise<Map<string, ConnectionChecklist>> {
    const result = new Map<string, ConnectionChecklist>();
    if (connections.length === 0) return result;
    const ids = connections.map((connection) => connection.id);
    const marks = ids.map(() => '?').join(', ');
    const rows: {
      connection_id: string;
      object: string;
      source: string | null;
      template: string | null;
    }[] = await this.em.execute(
      `SELECT connection_id, object, source, template FROM mapping_rows
          WHERE connection_id IN (${marks})`,
      ids,
    );
    const qualifiers: { id: string; name: string }[] = await this.em.execute(
      'SELECT id, name FROM qualifiers WHERE org_id = ? ORDER BY name',
      [orgId],
    );
    const qualifierMappings: { connection_id: string; object: string; qualifier_id: string }[] =
      await this.em.execute(
        `SELECT connection_id, object, qualifier_id FROM qualifier_mappings
          WHERE connection_id IN (${marks})`,
        ids,
      );
    const tested: { connection_id: string }[] = await this.em.execute(
      `SELECT DISTINCT sr.connection_id FROM sync_records sr
         JOIN leads l ON l.id = sr.lead_id
         JOIN events e ON e.id = l.event_id
        WHERE sr.connection_id IN (${marks}) AND sr.state = 'cleared' AND e.is_test`,
      ids,
    );
    const testedIds = new Set(tested.map((row) => row.connection_id));
    const linked: { connection_id: string; events: string }[] = await this.em.execute(
      `SELECT connection_id, count(DISTINCT event_id) AS events FROM campaign_links
        WHERE connection_id IN (${marks}) AND enabled GROUP BY connection_id`,
      ids,
    );
    const linkedEvents = new Map(linked.map((row) => [row.connection_id, Number(row.events)]));

    for (const connection of connections) {
      const persona = connection.personaObject;
      const mapped = rows.filter(
        (row) => row.connection_id === connection.id && row.object === persona,
      );
      const items: ChecklistItem[] = [
        connection.status === ConnectionStatus.Connected
          ? done('connected', 'Connected')
          : todo('connected', `Re-authorise the connection (it is ${connection.status})`),
        !persona
          ? skip('mapping', 'Messages need no mapping')
          : mapped.length > 0
            ? done('mapping', `${mapped.length} ${persona} fields mapped`)
            : todo('mapping', `Map the ${persona} fields (Set Defaults, then review)`),
        this.qualifiersItem(
          persona,
          qualifiers,
          qualifierMappings.filter(
            (row) => row.connection_id === connection.id && row.object === persona,
          ),
        ),
        this.campaignsItem(connection, linkedEvents.get(connection.id) ?? 0),
        connection.syncModeChosenAt
          ? done('sync_mode', `Sync mode ${connection.syncMode} chosen`)
          : todo('sync_mode', 'Choose the sync mode: automatic, manual or disabled'),
        testedIds.has(connection.id)
          ? done('test_lead', 'A lead of a test event is Cleared')
          : todo('test_lead', 'Capture a lead at a test event and check that it is Cleared'),
      ];
      result.set(connection.id, {
        connectionId: connection.id,
        integration: connection.integration,
        status: connection.status,
        items,
        complete: items.every((item) => item.status !== 'todo'),
      });
    }

    return result;
  }

  /** Every qualifier of the org has a field on the connection's persona object. */
  private qualifiersItem(
    persona: string | null | undefined,
    qualifiers: { id: string; name: string }[],
    mappings: { qualifier_id: string }[],
  ): ChecklistItem {
    if (!persona) return skip('qualifiers', 'Messages need no qualifier mapping');
    if (qualifiers.length === 0) return skip('qualifiers', 'The org has no qualifiers');
    const unmapped = qualifiers.filter(
      (qualifier) => !mappings.some((mapping) => mapping.qualifier_id === qualifier.id),
    );
    const names = unmapped.map((qualifier) => qualifier.name).join(', ');

    return unmapped.length === 0
      ? done('qualifiers', `${qualifiers.length} qualifiers mapped`)
      : todo('qualifiers', `Map the qualifiers ${names} to ${persona} fields`);
  }

  /** Connectors that add leads to campaigns want an event linked to one (and switched on). */
  private campaignsItem(connection: Connection, linkedEvents: number): ChecklistItem {
    const definition = this.registry
      .list()
      .find((candidate) => candidate.id === connection.integration);
    const capable = definition?.capabilities.campaigns === true;

    if (!capable) return skip('campaigns', `${connection.integration} has no campaigns`);

    return linkedEvents > 0
      ? done('campaigns', `${linkedEvents} events linked to campaigns`)
      : todo('campaigns', 'Link each event to the campaign its leads join');
  }

  private nextSteps(categories: CategoryMigration[]): string[] {
    const steps: string[] = [];
    for (const category of categories) {
      const name = CATEGORY_LABELS[category.category];
      const used = category.legacyConnections.length > 0 || category.connections.length > 0;
      if (!used) continue;
      if (category.connections.length === 0) {
        steps.push(`${cap(name)}: connect it on the new platform (Connect, then Mapping)`);
      }
      for (const checklist of category.connections) {
        for (const item of checklist.items.filter((candidate) => candidate.status === 'todo')) {
          steps.push(`${cap(name)} (${checklist.integration}): ${item.detail}`);
        }
      }
      if (category.scheduled) {
        const where =
          category.scheduled.platform === ConnectionPlatform.New ? 'the new platform' : 'legacy';
        steps.push(
          `${cap(name)}: Mobly moves it to ${where} at ${category.scheduled.at.toISOString()}`,
        );
      } else if (category.platform === ConnectionPlatform.Legacy && category.ready) {
        steps.push(`${cap(name)}: ready; ask Mobly to switch it to the new platform`);
      }
    }

    return steps;
  }

  private sunsetNotice(categories: CategoryMigration[]): SunsetNotice | null {
    const at = this.options.legacySunsetAt;
    if (!at) return null;
    const legacy = categories.filter((category) => category.platform === ConnectionPlatform.Legacy);
    const noticeFrom = new Date(at.getTime() - this.noticeDays * DAY_MS);
    if (legacy.length === 0 || Date.now() < noticeFrom.getTime()) return null;
    const names = legacy.map((category) => CATEGORY_LABELS[category.category]).join(', ');
    const passed = legacySunsetPassed(this.options);
    const message = passed
      ? `The legacy integrations stopped on ${at.toISOString()}: new leads of ${names} wait as Paused until Mobly moves them to the new platform`
      : `The legacy integrations stop on ${at.toISOString()}: move ${names} to the new platform before then, or their leads will wait as Paused`;

    return { at, noticeFrom, passed, message };
  }
}

const cap = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const done = (item: ChecklistItemName, detail: string): ChecklistItem => ({
  item,
  status: 'done',
  detail,
});

const todo = (item: ChecklistItemName, detail: string): ChecklistItem => ({
  item,
  status: 'todo',
  detail,
});

const skip = (item: ChecklistItemName, detail: string): ChecklistItem => ({
  item,
  status: 'not_applicable',
  detail,
});
