import { Entity, PrimaryKey, Property, type Opt } from '@mikro-orm/core';

/**
 * One vendor account's call budget when no Redis is configured; read and written by
 * `PostgresRateBudget` under a row lock.
 */
@Entity({ tableName: 'rate_budgets' })
export class RateBudgetRow {
  @PrimaryKey({ type: 'string', length: 255 })
  key: string;

  /** Nobody calls the account before this time. */
  @Property({ type: 'datetime', nullable: true })
  pausedUntil?: Date | null;

  /** Calls of the rolling window: lease → grant time (epoch ms). */
  @Property({ type: 'json', default: '{}' })
  calls: Opt<Record<string, number>> = {};

  /** Calls in flight: lease → time the lease ends on its own (epoch ms). */
  @Property({ type: 'json', default: '{}' })
  leases: Opt<Record<string, number>> = {};

  /** Pacing: calls that may go at once now (refilled at the window's rate), and when counted. */
  @Property({ type: 'double', nullable: true })
  tokens?: number | null;

  @Property({ type: 'bigint', nullable: true })
  tokensAt?: string | null;

  /** The UTC day `dayCount` counts in. */
  @Property({ type: 'string', length: 10, nullable: true })
  day?: string | null;

  @Property({ type: 'integer', default: 0 })
  dayCount: Opt<number> = 0;
}
