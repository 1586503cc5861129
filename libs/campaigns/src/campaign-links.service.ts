import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { RemoteCampaign } from '@libs/connector-sdk';
import { Connection, ConnectionsService, ConnectionStatus } from '@libs/connections';
import { DomainError, type FieldProblem } from '@libs/core';
import { Event, type Org } from '@libs/orgs';
import { ConnectorRegistry } from '@libs/plugin-host';
import { CampaignLink, type StatusByAnswer } from './campaign-link.entity';
import { knownStatus } from './link-check';

export interface CreateLinkInput {
  eventId: string;
  connectionId: string;
  campaignId: string;
  status?: string;
  statusByAnswer?: StatusByAnswer;
  minScans?: number;
  enabled?: boolean;
}

export interface UpdateLinkInput {
  status?: string | null;
  statusByAnswer?: StatusByAnswer | null;
  minScans?: number;
  enabled?: boolean;
}

export interface LinkFilter {
  eventId?: string;
  connectionId?: string;
}

/** An org's campaign links, checked against the vendor when they are made or changed. */
@Injectable()
export class CampaignLinksService {
  constructor(
    private readonly em: EntityManager,
    private readonly connections: ConnectionsService,
    private readonly registry: ConnectorRegistry,
  ) {}

  async create(org: Org, input: CreateLinkInput): Promise<CampaignLink> {
    const [event, connection] = await Promise.all([
      this.em.findOne(Event, { id: input.eventId, org }),
      this.em.findOne(Connection, { id: input.connectionId, org }),
    ]);
    const problems: FieldProblem[] = [];
    if (!event)
      problems.push({ field: 'eventId', message: 'names an event this org does not have' });
    if (!connection) {
      problems.push({
        field: 'connectionId',
        message: 'names a connection this org does not have',
      });
    } else if (!this.registry.get(connection.integration).capabilities.campaigns) {
      problems.push({
        field: 'connectionId',
        message: `${connection.integration} has no campaigns`,
      });
    }
    if (problems.length > 0 || !event || !connection) throw DomainError.invalid(problems);
    if (await this.em.count(CampaignLink, { event, connection, campaignId: input.campaignId })) {
      throw DomainError.invalid([
        { field: 'campaignId', message: 'this event is already linked to that campaign' },
      ]);
    }

    const link = this.em.create(
      CampaignLink,
      {
        org,
        event,
        connection,
        campaignId: input.campaignId,
        status: input.status ?? null,
        statusByAnswer: input.statusByAnswer ?? null,
        minScans: input.minScans ?? 1,
        enabled: input.enabled ?? true,
      },
      { persist: false },
    );
    // Before the vendor is asked, to fail fast; `save` checks again with the qualifiers locked.
    await this.checkQualifier(this.em, org, link.statusByAnswer);
    await this.check(link);
    await this.save(org, link);
    if (link.enabled) await this.catchUp(link);

    return link;
  }

  async list(org: Org, filter: LinkFilter): Promise<CampaignLink[]> {
    return this.em.find(
      CampaignLink,
      {
        org,
        ...(filter.eventId ? { event: filter.eventId } : {}),
        ...(filter.connectionId ? { connection: filter.connectionId } : {}),
      },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
  }

  async get(org: Org, id: string): Promise<CampaignLink> {
    const link = await this.em.findOne(CampaignLink, { id, org });
    if (!link) throw DomainError.notFound('Campaign link', id);

    return link;
  }

  /** Switches a link on or off, or changes its statuses or minimum scans. */
  async update(org: Org, id: string, input: UpdateLinkInput): Promise<CampaignLink> {
    const link = await this.get(org, id);
    const statusesChanged = input.status !== undefined || input.statusByAnswer !== undefined;
    const switchedOn = input.enabled === true && !link.enabled;
    if (input.statusByAnswer) await this.checkQualifier(this.em, org, input.statusByAnswer);
    if (input.status !== undefined) link.status = input.status;
    if (input.statusByAnswer !== undefined) link.statusByAnswer = input.statusByAnswer;
    if (input.minScans !== undefined) link.minScans = input.minScans;
    if (input.enabled !== undefined) link.enabled = input.enabled;
    // The campaign may have been archived or its statuses changed while the link was off.
    if (statusesChanged || switchedOn) {
      await this.em.populate(link, ['connection']);
      await this.check(link);
    }
    await this.save(org, link);
    if (switchedOn) await this.catchUp(link);

    return link;
  }

  async remove(org: Org, id: string): Promise<void> {
    await this.em.removeAndFlush(await this.get(org, id));
  }

  /**
   * Leads of the event already Cleared on the connection sync again, so they join the campaign
   * (their person is unchanged and not written again); the sweeper picks them up. A connection
   * whose sync is disabled keeps them as they are.
   */
  private async catchUp(link: CampaignLink): Promise<void> {
    await this.em.execute(
      `UPDATE sync_records sr SET state = 'queued', due_at = now()
         FROM leads l, connections c
        WHERE l.id = sr.lead_id AND c.id = sr.connection_id
          AND sr.org_id = ? AND sr.connection_id = ? AND l.event_id = ?
          AND sr.state = 'cleared' AND c.sync_mode <> 'disabled'`,
      [link.org.id, link.connection.id, link.event.id],
    );
  }

  /**
   * Checks the campaign exists, takes members and knows the statuses the link writes, through
   * the connection's client (a call in its rate budget). A connection that is not connected is
   * not asked: the link is checked again before its first members are added.
   */
  private async check(link: CampaignLink): Promise<void> {
    const connection = link.connection;
    if (connection.status !== ConnectionStatus.Connected) return;
    const client = await this.connections.clientFor(connection.id);
    if (!client.describeCampaign) return;

    const remote = await client.describeCampaign(link.campaignId);
    if (!remote) {
      throw DomainError.invalid([
        {
          field: 'campaignId',
          message: `${connection.integration} has no campaign ${link.campaignId}`,
        },
      ]);
    }
    if (!remote.active) {
      throw DomainError.invalid([
        {
          field: 'campaignId',
          message: `${remote.name} takes no members: ${remote.inactiveReason ?? 'inactive'}`,
        },
      ]);
    }
    link.campaignName = remote.name;
    this.checkStatuses(link, remote);
  }

  /**
   * Writes the link with its statuses by answer checked again while the org's qualifiers are
   * locked (a qualifier change waits for it, and it for a qualifier change), so a value dropped
   * at the same moment is never left mapped.
   */
  private async save(org: Org, link: CampaignLink): Promise<void> {
    await this.em.transactional(async (em) => {
      await this.checkQualifier(em, org, link.statusByAnswer, { lock: true });
      em.persist(link);
    });
  }

  /**
   * Statuses chosen by answer need the org's qualifier of that name, and answers it can take:
   * otherwise the link would never choose them.
   */
  private async checkQualifier(
    em: EntityManager,
    org: Org,
    byAnswer?: StatusByAnswer | null,
    options: { lock?: boolean } = {},
  ): Promise<void> {
    if (!byAnswer) return;
    const rows: { name: string; values: string[] }[] = await em.execute(
      `SELECT name, "values" FROM qualifiers WHERE org_id = ? ORDER BY name${options.lock ? ' FOR SHARE' : ''}`,
      [org.id],
    );
    const qualifier = rows.find((row) => row.name === byAnswer.qualifier);
    if (!qualifier) {
      const names = rows.map((row) => row.name).join(', ') || 'none yet';
      throw DomainError.invalid([
        {
          field: 'statusByAnswer.qualifier',
          message: `names no qualifier of this org (it has: ${names})`,
        },
      ]);
    }
    const problems = Object.keys(byAnswer.values)
      .filter((answer) => !qualifier.values.includes(answer))
      .map((answer) => ({
        field: `statusByAnswer.values.${answer}`,
        message: `is not a value of ${qualifier.name} (it has: ${qualifier.values.join(', ')})`,
      }));
    if (problems.length > 0) throw DomainError.invalid(problems);
  }

  /** Unknown statuses are refused; known ones take the vendor's spelling. */
  private checkStatuses(link: CampaignLink, remote: RemoteCampaign): void {
    const problems: FieldProblem[] = [];
    const canonical = (status: string, field: string): string => {
      if (!remote.statuses) {
        problems.push({ field, message: `${remote.name} has no member statuses` });

        return status;
      }
      const known = knownStatus(remote, status);
      if (known === undefined) {
        problems.push({
          field,
          message: `unknown status "${status}"; ${remote.name} has: ${remote.statuses.join(', ')}`,
        });
      }

      return known ?? status;
    };
    if (link.status) link.status = canonical(link.status, 'status');
    if (link.statusByAnswer) {
      const values: Record<string, string> = {};
      for (const [answer, status] of Object.entries(link.statusByAnswer.values)) {
        values[answer] = canonical(status, `statusByAnswer.values.${answer}`);
      }
      link.statusByAnswer = { ...link.statusByAnswer, values };
    }
    if (problems.length > 0) throw DomainError.invalid(problems);
  }
}
