import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity, OrgOwned } from '@libs/core';
import { Lead } from '@libs/leads';
import { Org } from '@libs/orgs';
import { CampaignLink } from './campaign-link.entity';

/** A lead the vendor holds as a member of a linked campaign, so it is not added again. */
@Entity({ tableName: 'campaign_memberships' })
@Unique({ properties: ['link', 'lead'] })
@OrgOwned()
export class CampaignMembership extends BaseEntity {
  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org: Org;

  @ManyToOne(() => CampaignLink, { deleteRule: 'cascade' })
  link: CampaignLink;

  @ManyToOne(() => Lead, { deleteRule: 'cascade' })
  lead: Lead;

  /** The remote person added (the lead's remote id then). */
  @Property({ type: 'string', length: 255 })
  personId: string;

  /** The status written; a different one is written again. */
  @Property({ type: 'string', length: 255, nullable: true })
  status?: string | null;
}
