import { Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity, OrgOwned } from '@libs/core';
import { Connection } from '@libs/connections';
import { Qualifier } from './qualifier.entity';

/** How a qualifier's answer is written to its remote field. */
export enum QualifierMappingMode {
  /** Each value to the remote option `options` names (a picklist, checkboxes…). */
  Options = 'options',
  /** The answer's text as it was chosen, to a free-text field. */
  Text = 'text',
}

/**
 * Where one connection writes one qualifier's answers, for one object: the remote field, and in
 * `options` mode the remote option each of the qualifier's values becomes.
 */
@Entity({ tableName: 'qualifier_mappings' })
@Unique({ properties: ['connection', 'object', 'qualifier'] })
@Unique({ properties: ['connection', 'object', 'target'] })
@OrgOwned('connection.org')
export class QualifierMapping extends BaseEntity {
  @ManyToOne(() => Connection, { deleteRule: 'cascade' })
  connection: Connection;

  @Property({ type: 'string', length: 80 })
  object: string;

  @ManyToOne(() => Qualifier, { deleteRule: 'cascade' })
  qualifier: Qualifier;

  /** Remote field API name. */
  @Property({ type: 'string', length: 255 })
  target: string;

  @Enum({ items: () => QualifierMappingMode, nativeEnumName: 'qualifier_mapping_mode' })
  mode: QualifierMappingMode;

  /** `options` mode: qualifier value → remote option value. */
  @Property({ type: 'json', nullable: true })
  options?: Record<string, string> | null;
}
