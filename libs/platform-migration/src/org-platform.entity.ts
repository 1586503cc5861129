import { Entity, Enum, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { ConnectionPlatform } from '@libs/connections';
import { BaseEntity, OrgOwned } from '@libs/core';
import { Org } from '@libs/orgs';
import type { MigratedCategory } from './categories';

/**
 * The platform (legacy or new) one org's category is on. Ingest reads it under a share lock and
 * a switch updates it, so the switch is the watermark that decides each lead's path.
 */
@Entity({ tableName: 'org_platforms' })
@Unique({ properties: ['org', 'category'] })
@OrgOwned()
export class OrgPlatform extends BaseEntity {
  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org: Org;

  @Property({ type: 'string', length: 40 })
  category: MigratedCategory;

  @Enum({ items: () => ConnectionPlatform, nativeEnumName: 'connection_platform' })
  platform: Opt<ConnectionPlatform> = ConnectionPlatform.New;

  /** When the category last switched platform: leads stored after it take the new path. */
  @Property({ type: 'datetime', nullable: true })
  switchedAt?: Date | null;

  /** A switch Mobly staff scheduled (e.g. for a low-traffic window), applied by the workers. */
  @Enum({
    items: () => ConnectionPlatform,
    nativeEnumName: 'connection_platform',
    nullable: true,
  })
  scheduledPlatform?: ConnectionPlatform | null;

  @Property({ type: 'datetime', nullable: true })
  scheduledAt?: Date | null;

  /** Who scheduled it, as the audit log names callers. */
  @Property({ type: 'string', length: 200, nullable: true })
  scheduledBy?: string | null;

  /** Why the last scheduled switch could not be applied; cleared by the next switch. */
  @Property({ type: 'text', nullable: true })
  scheduleProblem?: string | null;
}
