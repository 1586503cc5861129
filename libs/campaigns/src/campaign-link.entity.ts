import { Entity, Index, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { BaseEntity, OrgOwned } from '@libs/core';
import { Connection } from '@libs/connections';
import { Event, Org } from '@libs/orgs';

/** A member status chosen by a qualifier answer: the first answer listed in `values` wins. */
export interface StatusByAnswer {
  qualifier: string;
  /** Answer → status. */
  values: Record<string, string>;
}

/**
 * An event linked to a campaign of one connection: a Salesforce Campaign, a Marketo Program, a
 * HubSpot list. The event's leads become members once their person is written.
 */
@Entity({ tableName: 'campaign_links' })
@Unique({ properties: ['event', 'connection', 'campaignId'] })
@Index({ properties: ['connection', 'event'] })
@OrgOwned()
export class CampaignLink extends BaseEntity {
  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org: Org;

  @ManyToOne(() => Event, { deleteRule: 'cascade' })
  event: Event;

  @ManyToOne(() => Connection, { deleteRule: 'cascade' })
  connection: Connection;

  /** The vendor's id of the campaign, program or list. */
  @Property({ type: 'string', length: 255 })
  campaignId: string;

  /** The name the vendor gave it when the link was checked. */
  @Property({ type: 'string', length: 255, nullable: true })
  campaignName?: string | null;

  /** Member status (Salesforce) or program status (Marketo); the vendor's default when null. */
  @Property({ type: 'string', length: 255, nullable: true })
  status?: string | null;

  /** A status chosen by a qualifier answer, over `status`, for leads that gave one. */
  @Property({ type: 'json', nullable: true })
  statusByAnswer?: StatusByAnswer | null;

  /** Leads scanned fewer times than this are not added. */
  @Property({ type: 'integer', default: 1 })
  minScans: Opt<number> = 1;

  /** A link switched off adds no members; it keeps its settings. */
  @Property({ type: 'boolean', default: true })
  enabled: Opt<boolean> = true;
}
