import { Entity, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '@libs/core';

/** A Mobly customer: the tenant every other record belongs to. */
@Entity({ tableName: 'orgs' })
export class Org extends BaseEntity {
  @Property({ type: 'string', length: 200 })
  name: string;

  /** SHA-256 of the org's API key; the key itself is shown once, at creation. */
  @Unique()
  @Property({ type: 'string', length: 64, hidden: true })
  apiKeyHash: string;
}
