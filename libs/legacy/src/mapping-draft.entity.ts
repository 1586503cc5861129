import { Entity, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { BaseEntity, OrgOwned } from '@libs/core';
import { Connection } from '@libs/connections';

/** One row of an imported draft: a Mobly lead field written to a remote field, as legacy did. */
export interface DraftRow {
  /** The new connector's object the row would join. */
  object: string;
  /** The legacy panel it came from. */
  legacyObject: string;
  /** Mobly lead field path. */
  source: string;
  /** Remote field API name. */
  target: string;
}

/** A legacy panel, or one of its entries, the import could not carry over, and why. */
export interface DraftSkip {
  legacyObject: string;
  target: string | null;
  reason: string;
}

/**
 * A new platform connection's mapping as its org's legacy integration had it: imported on
 * request, shown for review against the live mapping, and applied only when an admin says so.
 * One per connection; a new import replaces it.
 */
@Entity({ tableName: 'legacy_mapping_drafts' })
@Unique({ properties: ['connection'] })
@OrgOwned('connection.org')
export class LegacyMappingDraft extends BaseEntity {
  /** The new platform connection the draft is for. */
  @ManyToOne(() => Connection, { deleteRule: 'cascade' })
  connection: Connection;

  /** The legacy connection whose panels were imported. */
  @ManyToOne(() => Connection, { deleteRule: 'cascade' })
  legacyConnection: Connection;

  @Property({ type: 'json' })
  rows: DraftRow[];

  @Property({ type: 'json', default: '[]' })
  skipped: Opt<DraftSkip[]> = [];

  /** Who imported it, as the audit log names them. */
  @Property({ type: 'string', length: 200 })
  importedBy: string;

  /** When rows of it were last applied; never, while it is only a draft. */
  @Property({ type: 'datetime', nullable: true })
  appliedAt?: Date | null;

  @Property({ type: 'integer', version: true })
  version: Opt<number> = 1;
}
