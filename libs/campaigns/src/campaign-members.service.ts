import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import {
  ConnectorError,
  isConnectorError,
  normalisedError,
  type CampaignMember,
  type ConnectorClient,
  type NormalisedError,
} from '@libs/connector-sdk';
import {
  ConnectionsService,
  DEFAULT_RATE_PAUSE_MS,
  pauseForRateLimit,
  type BudgetBinding,
  type Connection,
} from '@libs/connections';
import type { Lead } from '@libs/leads';
import { ConnectorRegistry } from '@libs/plugin-host';
import { CampaignLink } from './campaign-link.entity';
import { CampaignMembership } from './campaign-membership.entity';
import { knownStatus, statusFor } from './link-check';

/** A lead whose person the vendor now holds, keyed as its sync record. */
export interface WrittenPerson {
  key: string;
  lead: Lead;
  personId: string;
  personObject: string;
}

/** A lead the campaign step could not add: failed, or waiting (rate limit) until `deferUntil`. */
export interface MembershipFailure {
  error: NormalisedError;
  deferUntil?: Date;
}

interface Pending {
  person: WrittenPerson;
  status: string | undefined;
  existing?: CampaignMembership;
}

function linkInvalid(vendorCode: string, vendorMessage: string): NormalisedError {
  return normalisedError({ category: 'CAMPAIGN_LINK_INVALID', vendorCode, vendorMessage });
}

/**
 * The sync step after the person: adds each written lead to the enabled campaign links of its
 * event on that connection. A campaign is checked before members are sent to it (exists, takes
 * members, knows the status); a membership already written is not written again.
 */
@Injectable()
export class CampaignMembersService {
  private readonly logger = new Logger(CampaignMembersService.name);

  constructor(
    private readonly connections: ConnectionsService,
    private readonly registry: ConnectorRegistry,
  ) {}

  /** Failures by key; leads not named were added, already members, or not eligible. */
  async addMembers(
    em: EntityManager,
    connection: Connection,
    people: WrittenPerson[],
    budget: BudgetBinding,
  ): Promise<Map<string, MembershipFailure>> {
    const failures = new Map<string, MembershipFailure>();
    if (people.length === 0 || !this.registry.get(connection.integration).capabilities.campaigns) {
      return failures;
    }
    const eventIds = [...new Set(people.map((person) => person.lead.event.id))];
    const links = await em.find(
      CampaignLink,
      { connection, enabled: true, event: { $in: eventIds } },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    if (links.length === 0) return failures;

    const memberships = await em.find(CampaignMembership, {
      link: { $in: links },
      lead: { $in: people.map((person) => person.lead.id) },
    });
    const held = new Map(
      memberships.map((membership) => [`${membership.link.id}:${membership.lead.id}`, membership]),
    );
    let client: ConnectorClient | undefined;
    for (const link of links) {
      const pending: Pending[] = [];
      for (const person of people) {
        if (failures.has(person.key)) continue;
        const lead = person.lead;
        if (lead.event.id !== link.event.id || lead.scanCount < link.minScans) continue;
        const status = statusFor(link, lead.answers);
        const existing = held.get(`${link.id}:${lead.id}`);
        if (
          existing &&
          existing.personId === person.personId &&
          (existing.status ?? undefined) === status
        ) {
          continue;
        }
        pending.push({ person, status, existing });
      }
      if (pending.length === 0) continue;

      client ??= await this.connections.clientFor(connection.id);
      const fail = (failure: MembershipFailure) => {
        for (const item of pending) failures.set(item.person.key, failure);
      };
      try {
        await this.addToLink(em, client, link, pending, budget, failures);
      } catch (error) {
        fail(await this.callFailure(connection, budget, error));
      }
    }
    await em.flush();

    return failures;
  }

  private async addToLink(
    em: EntityManager,
    client: ConnectorClient,
    link: CampaignLink,
    pending: Pending[],
    budget: BudgetBinding,
    failures: Map<string, MembershipFailure>,
  ): Promise<void> {
    if (!client.addCampaignMembers) return;
    const remote = client.describeCampaign
      ? await client.describeCampaign(link.campaignId)
      : undefined;
    if (client.describeCampaign && !remote) {
      const error = linkInvalid(
        'CAMPAIGN_NOT_FOUND',
        `No campaign ${link.campaignId} in ${link.connection.integration}`,
      );
      for (const item of pending) failures.set(item.person.key, { error });

      return;
    }
    if (remote && !remote.active) {
      const error = linkInvalid(
        'CAMPAIGN_INACTIVE',
        `${remote.name} (${link.campaignId}) takes no members: ${remote.inactiveReason ?? 'inactive'}`,
      );
      for (const item of pending) failures.set(item.person.key, { error });

      return;
    }

    const byStatus = new Map<string | undefined, Pending[]>();
    for (const item of pending) {
      let status = item.status;
      if (remote && status !== undefined) {
        status = knownStatus(remote, status);
        if (status === undefined) {
          failures.set(item.person.key, {
            error: linkInvalid(
              'UNKNOWN_STATUS',
              `${remote.name} (${link.campaignId}) has no status "${item.status}"; it has: ${(remote.statuses ?? []).join(', ')}`,
            ),
          });
          continue;
        }
      }
      byStatus.set(status, [...(byStatus.get(status) ?? []), item]);
    }

    for (const [status, group] of byStatus) {
      const members: CampaignMember[] = group.map((item) => ({
        key: item.person.key,
        personId: item.person.personId,
        personObject: item.person.personObject,
      }));
      let results;
      try {
        results = await client.addCampaignMembers(
          { id: link.campaignId, ...(status === undefined ? {} : { status }) },
          members,
        );
      } catch (error) {
        const failure = await this.callFailure(link.connection, budget, error);
        for (const item of group) failures.set(item.person.key, failure);
        continue;
      }
      const byKey = new Map(group.map((item) => [item.person.key, item]));
      let paused: Date | undefined;
      for (const result of results) {
        const item = byKey.get(result.key);
        if (!item) continue;
        if (result.ok) {
          this.remember(em, link, item, status);
          continue;
        }
        if (result.error.category === 'RATE_LIMITED') {
          paused ??= new Date(Date.now() + (await pauseForRateLimit(budget, result.error)));
          failures.set(result.key, { error: result.error, deferUntil: paused });
          continue;
        }
        failures.set(result.key, { error: result.error });
      }
    }
  }

  private remember(
    em: EntityManager,
    link: CampaignLink,
    item: Pending,
    status: string | undefined,
  ): void {
    if (item.existing) {
      item.existing.personId = item.person.personId;
      item.existing.status = status ?? null;

      return;
    }
    em.create(CampaignMembership, {
      org: link.org,
      link,
      lead: item.person.lead,
      personId: item.person.personId,
      status: status ?? null,
    });
  }

  /** A whole call failed: its leads share the failure; a rate limit makes them wait. */
  private async callFailure(
    connection: Connection,
    budget: BudgetBinding,
    error: unknown,
  ): Promise<MembershipFailure> {
    const failure = isConnectorError(error)
      ? error.error
      : new ConnectorError({
          category: 'REMOTE_UNAVAILABLE',
          vendorCode: 'CONNECTOR_ERROR',
          vendorMessage: error instanceof Error ? error.message : String(error),
        }).error;
    if (!isConnectorError(error)) {
      this.logger.error(
        { connectionId: connection.id, orgId: connection.org.id, err: error },
        'campaign call failed unexpectedly',
      );
    }
    if (failure.category === 'AUTH_INVALID') {
      await this.connections.markNeedsReauth(connection.id, failure);
    }
    if (failure.category === 'RATE_LIMITED') {
      // The budgeted client already paused the account for a vendor refusal.
      const waitMs = failure.retryAfterMs ?? budget.limits.windowMs ?? DEFAULT_RATE_PAUSE_MS;

      return { error: failure, deferUntil: new Date(Date.now() + waitMs) };
    }

    return { error: failure };
  }
}
