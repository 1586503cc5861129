import { Entity, Enum, Index, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import type { ErrorCategory, FieldValue, MatchedBy } from '@libs/connector-sdk';
import { BaseEntity, OrgOwned } from '@libs/core';
import { Lead } from '@libs/leads';
import { Org } from '@libs/orgs';
import { ShadowRun } from './shadow-run.entity';

export enum ShadowOutcome {
  /** The new platform would write what legacy wrote, to the same record. */
  Identical = 'identical',
  /** Other values, another object or another record. */
  Differs = 'differs',
  /** The new platform would refuse the lead (pre-flight) or could not match it. */
  WouldFail = 'would_fail',
}

/** One field the two platforms would write differently; null where one writes nothing. */
export interface FieldDifference {
  field: string;
  legacy: FieldValue;
  new: FieldValue;
}

/** What a shadow run found for one lead. */
@Entity({ tableName: 'shadow_results' })
@Unique({ properties: ['run', 'lead'] })
@Index({ properties: ['run', 'outcome'] })
@OrgOwned()
export class ShadowResult extends BaseEntity {
  @ManyToOne(() => ShadowRun, { deleteRule: 'cascade' })
  run: ShadowRun;

  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org: Org;

  @ManyToOne(() => Lead, { deleteRule: 'cascade' })
  lead: Lead;

  @Enum({ items: () => ShadowOutcome, nativeEnumName: 'shadow_outcome' })
  outcome: ShadowOutcome;

  /** The legacy connection's sync state for the lead (cleared or failed). */
  @Property({ type: 'string', length: 40 })
  legacyState: string;

  /** The object legacy last wrote; null when it never wrote the lead. */
  @Property({ type: 'string', length: 80, nullable: true })
  legacyObject?: string | null;

  @Property({ type: 'string', length: 80 })
  newObject: string;

  /** The record legacy wrote (its stored remote id). */
  @Property({ type: 'string', length: 120, nullable: true })
  legacyRemoteId?: string | null;

  /** The record the new platform would update; null when it would create one. */
  @Property({ type: 'string', length: 120, nullable: true })
  newRemoteId?: string | null;

  /** How the new platform found it; null when matching failed. */
  @Property({ type: 'string', length: 20, nullable: true })
  matchedBy?: MatchedBy | null;

  /** The new platform would create a record for a lead legacy already wrote one for. */
  @Property({ type: 'boolean', default: false })
  wouldDuplicate: Opt<boolean> = false;

  @Property({ type: 'json', default: '[]' })
  differences: Opt<FieldDifference[]> = [];

  @Property({ type: 'string', length: 40, nullable: true })
  errorCategory?: ErrorCategory | null;

  @Property({ type: 'string', length: 120, nullable: true })
  errorCode?: string | null;

  @Property({ type: 'text', nullable: true })
  errorMessage?: string | null;

  @Property({ type: 'string', length: 255, nullable: true })
  errorField?: string | null;
}
