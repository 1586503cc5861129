import { Entity, Enum, Index, ManyToOne, Property, type Opt } from '@mikro-orm/core';
import type { IntegrationCategory, NormalisedError, Settings } from '@libs/connector-sdk';
import { BaseEntity, OrgOwned } from '@libs/core';
import { Org } from '@libs/orgs';

export enum ConnectionStatus {
  Connected = 'connected',
  NeedsReauth = 'needs_reauth',
  Disconnected = 'disconnected',
}

/** Which stack a connection belongs to: a legacy integration or the new platform. */
export enum ConnectionPlatform {
  Legacy = 'legacy',
  New = 'new',
}

/**
 * The legacy integrations, by the vendor they reach. They are connected only as legacy
 * connections (`/v1/legacy/connections`), which always sync automatically.
 */
export const LEGACY_INTEGRATIONS: Readonly<Record<string, string>> = {
  salesforce: 'legacy-salesforce',
  hubspot: 'legacy-hubspot',
};

export function isLegacyIntegration(integration: string): boolean {
  return Object.values(LEGACY_INTEGRATIONS).includes(integration);
}

export enum SyncMode {
  Automatic = 'automatic',
  Manual = 'manual',
  Disabled = 'disabled',
}

/** One org's configured use of one integration. */
@Entity({ tableName: 'connections' })
@Index({ properties: ['org'] })
@OrgOwned()
export class Connection extends BaseEntity {
  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org: Org;

  /** Connector id from the catalogue, e.g. `salesforce`. */
  @Property({ type: 'string', length: 80 })
  integration: string;

  @Property({ type: 'string', length: 40 })
  category: IntegrationCategory;

  @Enum({ items: () => ConnectionStatus, nativeEnumName: 'connection_status' })
  status: Opt<ConnectionStatus> = ConnectionStatus.Connected;

  @Enum({ items: () => ConnectionPlatform, nativeEnumName: 'connection_platform' })
  platform: Opt<ConnectionPlatform> = ConnectionPlatform.New;

  @Enum({ items: () => SyncMode, nativeEnumName: 'sync_mode' })
  syncMode: Opt<SyncMode> = SyncMode.Automatic;

  /** When an admin last chose the sync mode; never, while it is the default. */
  @Property({ type: 'datetime', nullable: true })
  syncModeChosenAt?: Date | null;

  /** The object leads are written to (the connector's persona object); none for messaging. */
  @Property({ type: 'string', length: 80, nullable: true })
  personaObject?: string | null;

  /** The credentials, sealed (AES-256-GCM, see SecretBox); null once disconnected. */
  @Property({ type: 'text', hidden: true, lazy: true, nullable: true })
  sealedCredentials?: string | null;

  @Property({ type: 'json', default: '{}' })
  settings: Opt<Settings> = {};

  /** Account identity reported by the last successful connection test. */
  @Property({ type: 'string', length: 255, nullable: true })
  account?: string;

  /** The vendor account's stable id from the last successful test, when the connector knows it. */
  @Property({ type: 'string', length: 255, nullable: true })
  accountId?: string | null;

  /** The connection-level problem, when the connection cannot sync. */
  @Property({ type: 'json', nullable: true })
  problem?: NormalisedError | null;
}
