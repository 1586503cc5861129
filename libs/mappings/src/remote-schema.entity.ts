import { Entity, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import type { RemoteField } from '@libs/connector-sdk';
import { BaseEntity, OrgOwned } from '@libs/core';
import { Connection } from '@libs/connections';

/** The last describe of one remote object for one connection. */
@Entity({ tableName: 'remote_schemas' })
@Unique({ properties: ['connection', 'object'] })
@OrgOwned('connection.org')
export class RemoteSchemaCache extends BaseEntity {
  @ManyToOne(() => Connection, { deleteRule: 'cascade' })
  connection: Connection;

  @Property({ type: 'string', length: 80 })
  object: string;

  @Property({ type: 'json' })
  fields: RemoteField[];

  @Property({ type: 'datetime' })
  fetchedAt: Opt<Date> = new Date();
}
