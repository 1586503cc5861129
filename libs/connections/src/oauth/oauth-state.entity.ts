import { Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from '@libs/core';
import { Org } from '@libs/orgs';
import { Connection } from '../connection.entity';

/**
 * One OAuth connect attempt: issued with the authorize URL, used once by the vendor's redirect
 * back to the callback. A used or expired row refuses the state it was issued for.
 */
@Entity({ tableName: 'oauth_states' })
@Index({ properties: ['expiresAt'] })
export class OAuthState extends BaseEntity {
  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org: Org;

  @Property({ type: 'string', length: 80 })
  integration: string;

  /** The connection to re-authorise; none when the flow creates a connection. */
  @ManyToOne(() => Connection, { nullable: true, deleteRule: 'cascade' })
  connection?: Connection | null;

  @Property({ type: 'text' })
  redirectUri: string;

  /** App credentials, settings and PKCE verifier, sealed (SecretBox); erased once used. */
  @Property({ type: 'text', hidden: true, lazy: true, nullable: true })
  sealedRequest?: string | null;

  @Property({ type: 'datetime' })
  expiresAt: Date;

  @Property({ type: 'datetime', nullable: true })
  usedAt?: Date | null;
}
