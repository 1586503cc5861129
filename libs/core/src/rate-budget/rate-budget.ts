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
  /**
   * Ends a granted call. `refund` gives the call back when it was never made; a call that was
   * made counts in the window from now on.
   */
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
 * A call counts from its grant until a window after its answer (when the vendor had surely seen
 * it). The workers' clock (the store's) and the vendor's differ a little, so the window is a
 * little longer than the vendor's.
 */
export function effectiveWindowMs(windowMs: number): number {
  return windowMs + Math.max(250, Math.round(windowMs * 0.02));
}

/**
 * Calls a window's budget may spend at once. The rest is paced at the window's rate, so under
 * more demand than the vendor allows each call waits a fraction of a window, rather than a
 * whole window after a burst spent it. Half the window lets a backlog arriving on an idle account
 * go out at once (HubSpot: 50 calls of 100 leads) while keeping that stall to half a window.
 */
export function burstSize(requestsPerWindow: number): number {
  return Math.max(1, Math.ceil(requestsPerWindow / 2));
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
