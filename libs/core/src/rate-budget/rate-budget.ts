import type { VendorLimits } from '@libs/connector-sdk';

export const RATE_BUDGET = Symbol('RATE_BUDGET');

/** The part of a connector's declared limits a budget enforces. */
export type BudgetLimits = Pick<
  VendorLimits,
  'requestsPerWindow' | 'windowMs' | 'dailyCap' | 'concurrency'
>;

export type Grant =
  | { granted: true; lease: string }
  | { granted: false; waitMs: number; reason: 'paused' | 'window' | 'daily' | 'concurrency' };

/**
 * A vendor account's call budget, shared by every worker process: calls per rolling window, calls
 * per day, calls in flight, and pauses the vendor asked for.
 */
export interface RateBudget {
  /** Takes one call from the budget, or says how long to wait before asking again. */
  acquire(key: string, limits: BudgetLimits): Promise<Grant>;
  /** Ends a granted call. `refund` gives the call back when it was never made. */
  release(key: string, lease: string, options?: { refund?: boolean }): Promise<void>;
  /** Nobody calls the account for `ms` (a 429, a Retry-After); a shorter pause never shortens it. */
  pause(key: string, ms: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A call's lease on a concurrency slot ends on its own after this long, so a worker that died
 * mid-call frees its slot. Longer than any connector's call timeout.
 */
export const LEASE_TTL_MS = 120_000;

/** Waiting for a concurrency slot: how soon to ask again. */
export const CONCURRENCY_RETRY_MS = 100;

/**
 * Calls are counted when granted, slightly before the vendor sees them, and requests do not
 * reach the vendor in the order they were granted: a window a little longer than the vendor's
 * keeps its rolling window from seeing one call too many.
 */
export function effectiveWindowMs(windowMs: number): number {
  return windowMs + Math.max(250, Math.round(windowMs * 0.02));
}

/**
 * Calls a window's budget may spend at once. The rest is paced at the window's rate, so under
 * more demand than the vendor allows each call waits a fraction of a window, rather than a
 * whole window after a burst spent it. A tenth keeps that stall to a tenth of a window.
 */
export function burstSize(requestsPerWindow: number): number {
  return Math.max(1, Math.ceil(requestsPerWindow / 10));
}

/** The UTC day a daily cap counts in, and the time left until it rolls over. */
export function budgetDay(now: number): { day: string; msToNextDay: number } {
  const date = new Date(now);
  const next = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1);

  return { day: date.toISOString().slice(0, 10), msToNextDay: next - now };
}

/**
 * A vendor's limits apply to the vendor account, so connections reaching the same account (the
 * identity its connection test reported) share one budget.
 */
export function budgetKey(connection: {
  id: string;
  integration: string;
  account?: string | null;
}): string {
  return connection.account
    ? `${connection.integration}:${connection.account}`
    : `${connection.integration}:connection:${connection.id}`;
}

export function hasBudgetLimits(limits: BudgetLimits): boolean {
  return Boolean(
    (limits.requestsPerWindow && limits.windowMs) || limits.dailyCap || limits.concurrency,
  );
}
