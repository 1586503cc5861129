import { Entity, Enum, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { BaseEntity, OrgOwned } from '@libs/core';
import { Connection } from '@libs/connections';

export enum MappingBehaviour {
  Overwrite = 'overwrite',
  WriteIfBlank = 'write_if_blank',
}

/** How a value is normalised before it is written. */
export enum ValueFormat {
  /** Phone numbers as E.164 (`+14155550100`); numbers that cannot be parsed go as captured. */
  E164 = 'e164',
  /** The first valid address of a list such as `a@x.com; b@y.com`. */
  FirstEmail = 'first_email',
}

/**
 * One row of a connection's mapping for one object: a value written to a remote field. The value
 * is a Mobly field (`source`), a `constant` or a `template` such as `{{firstName}} {{lastName}}`
 * (exactly one of them), then optionally normalised (`format`), translated (`valueMap`) and cut
 * to the remote field's length (`truncate`).
 */
@Entity({ tableName: 'mapping_rows' })
@Unique({ properties: ['connection', 'object', 'target'] })
@OrgOwned('connection.org')
export class MappingRow extends BaseEntity {
  @ManyToOne(() => Connection, { deleteRule: 'cascade' })
  connection: Connection;

  @Property({ type: 'string', length: 80 })
  object: string;

  /** Mobly lead field path; null when the row writes a constant or a template. */
  @Property({ type: 'string', length: 120, nullable: true })
  source?: string | null;

  @Property({ type: 'text', nullable: true })
  constant?: string | null;

  /** Text with `{{path}}` placeholders of Mobly lead fields. */
  @Property({ type: 'text', nullable: true })
  template?: string | null;

  /** Replaces a value found among its keys (e.g. `Hot` → `A`); other values pass unchanged. */
  @Property({ type: 'json', nullable: true })
  valueMap?: Record<string, string> | null;

  @Enum({ items: () => ValueFormat, nativeEnumName: 'mapping_value_format', nullable: true })
  format?: ValueFormat | null;

  /** Cut values longer than the remote field instead of failing the lead. */
  @Property({ type: 'boolean', default: false })
  truncate: Opt<boolean> = false;

  /** Remote field API name. */
  @Property({ type: 'string', length: 255 })
  target: string;

  @Enum({ items: () => MappingBehaviour, nativeEnumName: 'mapping_behaviour' })
  behaviour: Opt<MappingBehaviour> = MappingBehaviour.Overwrite;

  /** Version of the connector's recommendations this row came from, if any. */
  @Property({ type: 'string', length: 40, nullable: true })
  defaultsVersion?: string | null;

  @Property({ type: 'integer', version: true })
  version: Opt<number> = 1;
}
