import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity, OrgOwned } from '@libs/core';
import { Org } from '@libs/orgs';

/** The roles an org key can carry; staff credentials come from configuration only. */
export enum OrgRole {
  Admin = 'admin',
  Rep = 'rep',
}

/** An org API key: shown once at creation, stored as its SHA-256 digest. */
@Entity({ tableName: 'api_keys' })
@Index({ properties: ['org'] })
@OrgOwned()
export class ApiKey extends BaseEntity {
  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org: Org;

  @Enum({ items: () => OrgRole, nativeEnumName: 'org_role' })
  role: OrgRole;

  /** What the key is for, e.g. "Mobly app – reps". */
  @Property({ type: 'string', length: 200, nullable: true })
  name?: string | null;

  @Unique()
  @Property({ type: 'string', length: 64, hidden: true })
  keyHash: string;

  /** Once set, the key no longer authenticates. */
  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null;
}
