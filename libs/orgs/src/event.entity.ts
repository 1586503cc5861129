import { Entity, Index, ManyToOne, Property, type Opt } from '@mikro-orm/core';
import { BaseEntity, OrgOwned } from '@libs/core';
import { Org } from './org.entity';

/** A trade show, conference or dinner where leads are captured. */
@Entity({ tableName: 'events' })
@Index({ properties: ['org'] })
@OrgOwned()
export class Event extends BaseEntity {
  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org: Org;

  @Property({ type: 'string', length: 200 })
  name: string;

  @Property({ type: 'boolean', default: false })
  isTest: Opt<boolean> = false;
}
