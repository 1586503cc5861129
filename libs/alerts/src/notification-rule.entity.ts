import { Entity, Enum, ManyToOne, Property, type Opt } from '@mikro-orm/core';
import { BaseEntity, OrgOwned } from '@libs/core';
import { Connection } from '@libs/connections';
import { Org } from '@libs/orgs';

export enum NotificationKind {
  /** A digest of new sync errors per watched connection, grouped by category. */
  SyncErrorDigest = 'sync_error_digest',
  /**
   * Which captured leads the connection announces. Without such a rule a messaging connection
   * announces every lead; with rules, the leads that match one of them.
   */
  LeadCaptured = 'lead_captured',
}

export enum DigestPeriod {
  Hourly = 'hourly',
  Daily = 'daily',
}

/** An org's rule for what a messaging connection (Slack) posts, and how often. */
@OrgOwned()
@Entity({ tableName: 'notification_rules' })
export class NotificationRule extends BaseEntity {
  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org: Org;

  /** The messaging connection that posts. */
  @ManyToOne(() => Connection, { deleteRule: 'cascade' })
  connection: Connection;

  @Enum({ items: () => NotificationKind, nativeEnumName: 'notification_kind' })
  kind: Opt<NotificationKind> = NotificationKind.SyncErrorDigest;

  @Enum({ items: () => DigestPeriod, nativeEnumName: 'digest_period' })
  period: Opt<DigestPeriod> = DigestPeriod.Hourly;

  /** Channel to post in; the connection's own channel when empty. */
  @Property({ type: 'string', length: 80, nullable: true })
  channel?: string | null;

  /** Digests: connections whose errors the digest reports; every other connection of the org if empty. */
  @Property({ type: 'json', default: '[]' })
  watchedConnectionIds: Opt<string[]> = [];

  /** Lead alerts: only leads captured at these events (any event when empty). */
  @Property({ type: 'json', default: '[]' })
  eventIds: Opt<string[]> = [];

  /**
   * Lead alerts: only leads that answered each of these qualifiers with one of the values
   * listed for it (any answers when empty).
   */
  @Property({ type: 'json', default: '{}' })
  answers: Opt<Record<string, string[]>> = {};

  /** End of the last period reported; errors after it go in the next digest. */
  @Property({ type: 'datetime', nullable: true })
  lastRunAt?: Date | null;
}
