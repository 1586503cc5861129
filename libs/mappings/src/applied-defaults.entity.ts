import { Entity, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import type { RecommendedMappingRow } from '@libs/connector-sdk';
import { BaseEntity, OrgOwned } from '@libs/core';
import { Connection } from '@libs/connections';

/**
 * The connector's recommended mapping of one object as a connection last accepted it (Set
 * Defaults, then each reviewed upgrade): the base the drift report compares the connector's
 * current recommendation with.
 */
@Entity({ tableName: 'mapping_defaults' })
@Unique({ properties: ['connection', 'object'] })
@OrgOwned('connection.org')
export class AppliedDefaults extends BaseEntity {
  @ManyToOne(() => Connection, { deleteRule: 'cascade' })
  connection: Connection;

  @Property({ type: 'string', length: 80 })
  object: string;

  /** The recommendations' version; kept until every change of a newer one is reviewed. */
  @Property({ type: 'string', length: 40 })
  version: string;

  @Property({ type: 'json' })
  rows: RecommendedMappingRow[];

  @Property({ type: 'datetime' })
  appliedAt: Opt<Date> = new Date();
}
