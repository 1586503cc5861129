import {
  Embeddable,
  Embedded,
  Entity,
  Index,
  ManyToOne,
  Property,
  Unique,
  type Opt,
} from '@mikro-orm/core';
import { BaseEntity, OrgOwned } from '@libs/core';
import { Event, Org } from '@libs/orgs';

@Embeddable()
export class LeadCompany {
  @Property({ type: 'text', nullable: true })
  name?: string;

  @Property({ type: 'text', nullable: true })
  industry?: string;

  @Property({ type: 'text', nullable: true })
  website?: string;
}

@Embeddable()
export class LeadAddress {
  @Property({ type: 'text', nullable: true })
  street?: string;

  @Property({ type: 'text', nullable: true })
  city?: string;

  @Property({ type: 'text', nullable: true })
  state?: string;

  @Property({ type: 'text', nullable: true })
  postalCode?: string;

  @Property({ type: 'text', nullable: true })
  country?: string;
}

/** A captured person. Mobly's lead history: kept whatever happens to any connection. */
@Entity({ tableName: 'leads' })
@Index({ properties: ['org', 'event'] })
@Unique({
  name: 'leads_org_external_id_unique',
  expression:
    'create unique index "leads_org_external_id_unique" on "leads" ("org_id", "external_id") ' +
    'where "external_id" is not null',
})
@Unique({
  name: 'leads_event_email_unique',
  expression:
    'create unique index "leads_event_email_unique" on "leads" ("event_id", "email") ' +
    'where "external_id" is null and "email" is not null',
})
@OrgOwned()
export class Lead extends BaseEntity {
  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org: Org;

  @ManyToOne(() => Event, { deleteRule: 'cascade' })
  event: Event;

  /** The capturing app's own id for this lead; a second post with it updates the lead. */
  @Property({ type: 'string', length: 120, nullable: true })
  externalId?: string;

  @Property({ type: 'text', nullable: true })
  firstName?: string;

  @Property({ type: 'text', nullable: true })
  lastName?: string;

  @Property({ type: 'string', length: 320, nullable: true })
  email?: string;

  @Property({ type: 'text', nullable: true })
  jobTitle?: string;

  /** Phone number as captured. */
  @Property({ type: 'text', nullable: true })
  phone?: string;

  /** Phone number provided by enrichment. */
  @Property({ type: 'text', nullable: true })
  mobilePhone?: string;

  @Embedded(() => LeadCompany, { prefix: 'company_' })
  company: Opt<LeadCompany> = new LeadCompany();

  @Embedded(() => LeadAddress, { prefix: 'address_' })
  address: Opt<LeadAddress> = new LeadAddress();

  @Property({ type: 'text', nullable: true })
  linkedinUrl?: string;

  @Property({ type: 'text', nullable: true })
  notes?: string;

  @Property({ type: 'text', nullable: true })
  rating?: string;

  @Property({ type: 'text', nullable: true })
  leadSource?: string;

  @Property({ type: 'double', nullable: true })
  annualRevenue?: number;

  @Property({ type: 'integer', nullable: true })
  employees?: number;

  /** Qualifier answers: qualifier name → chosen values. */
  @Property({ type: 'json', default: '{}' })
  answers: Opt<Record<string, string[]>> = {};

  @Property({ type: 'integer', default: 1 })
  scanCount: Opt<number> = 1;

  @Property({ type: 'text', nullable: true })
  capturedBy?: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  capturedAt: Opt<Date> = new Date();

  @Property({ type: 'boolean', default: false })
  isEnriched: Opt<boolean> = false;
}
