import { Entity, Property } from '@mikro-orm/core';
import { BaseEntity, OrgOwned } from '@libs/core';

/** A Mobly customer: the tenant every other record belongs to. */
@Entity({ tableName: 'orgs' })
@OrgOwned('id')
export class Org extends BaseEntity {
  @Property({ type: 'string', length: 200 })
  name: string;
}
