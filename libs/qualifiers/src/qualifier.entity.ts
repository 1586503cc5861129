import { Entity, Enum, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { BaseEntity, OrgOwned } from '@libs/core';
import { Org } from '@libs/orgs';

export enum QualifierChoice {
  Single = 'single',
  Multiple = 'multiple',
}

/**
 * An org's qualifying question with its discrete values ("Lead Type": Hot / Warm / Cold). Leads
 * carry their answers under the qualifier's `name`, which therefore never changes.
 */
@Entity({ tableName: 'qualifiers' })
@Unique({ properties: ['org', 'name'] })
@OrgOwned()
export class Qualifier extends BaseEntity {
  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org: Org;

  /** The key of the answers in a lead (`answers["Lead Type"]`). */
  @Property({ type: 'string', length: 120 })
  name: string;

  /** The question as the rep sees it. */
  @Property({ type: 'text' })
  question: string;

  /** The values a rep may choose, in display order. */
  @Property({ type: 'json' })
  values: string[];

  @Enum({ items: () => QualifierChoice, nativeEnumName: 'qualifier_choice' })
  choice: Opt<QualifierChoice> = QualifierChoice.Single;
}
