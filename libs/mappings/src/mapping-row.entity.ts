import { Entity, Enum, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { BaseEntity, OrgOwned } from '@libs/core';
import { Connection } from '@libs/connections';

export enum MappingBehaviour {
  Overwrite = 'overwrite',
  WriteIfBlank = 'write_if_blank',
}

/** One row of a connection's mapping for one object: a Mobly field written to a remote field. */
@Entity({ tableName: 'mapping_rows' })
@Unique({ properties: ['connection', 'object', 'target'] })
@OrgOwned('connection.org')
export class MappingRow extends BaseEntity {
  @ManyToOne(() => Connection, { deleteRule: 'cascade' })
  connection: Connection;

  @Property({ type: 'string', length: 80 })
  object: string;

  /** Mobly lead field path. */
  @Property({ type: 'string', length: 120 })
  source: string;

  /** Remote field API name. */
  @Property({ type: 'string', length: 255 })
  target: string;

  @Enum({ items: () => MappingBehaviour, nativeEnumName: 'mapping_behaviour' })
  behaviour: Opt<MappingBehaviour> = MappingBehaviour.Overwrite;

  /** Version of the connector's recommendations this row came from, if any. */
  @Property({ type: 'string', length: 40, nullable: true })
  defaultsVersion?: string;

  @Property({ type: 'integer', version: true })
  version: Opt<number> = 1;
}
