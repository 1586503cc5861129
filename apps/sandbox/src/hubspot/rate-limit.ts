import type { Clock } from './clock';

export type RatePolicy = 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY';

export interface RateLimitSettings {
  requestsPerWindow: number;
  windowMs: number;
  searchRequestsPerSecond: number;
  dailyLimit: number;
}

export type RateDecision =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; policy: RatePolicy; retryAfterMs: number; headers: Record<string, string> };

const DAY_MS = 24 * 60 * 60 * 1000;
const SECOND_MS = 1000;

/**
 * The account's rate limits: a sliding window for ordinary calls, a per-second limit for
 * search, and a daily counter that resets at midnight (UTC; the account's time zone).
 */
export class RateLimiter {
  private windowHits: number[] = [];
  private searchHits: number[] = [];
  private daily = 0;
  private day = -1;

  constructor(
    private readonly clock: Clock,
    private readonly settings: () => RateLimitSettings,
  ) {}

  /** Counts one call, or refuses it with the policy it exceeded. */
  admit(kind: 'standard' | 'search'): RateDecision {
    const now = this.clock.now();
    const limits = this.settings();
    this.rollDay(now);
    this.windowHits = this.windowHits.filter((at) => at > now - limits.windowMs);
    this.searchHits = this.searchHits.filter((at) => at > now - SECOND_MS);

    if (this.daily >= limits.dailyLimit) {
      const nextDay = (Math.floor(now / DAY_MS) + 1) * DAY_MS;

      return this.refuse(kind, 'DAILY', nextDay - now, now);
    }
    if (kind === 'search' && this.searchHits.length >= limits.searchRequestsPerSecond) {
      return this.refuse(kind, 'SECONDLY', this.searchHits[0] + SECOND_MS - now, now);
    }
    if (kind === 'standard' && this.windowHits.length >= limits.requestsPerWindow) {
      return this.refuse(
        kind,
        'TEN_SECONDLY_ROLLING',
        this.windowHits[0] + limits.windowMs - now,
        now,
      );
    }

    this.daily += 1;
    if (kind === 'search') this.searchHits.push(now);
    else this.windowHits.push(now);

    return { ok: true, headers: this.headers(kind) };
  }

  /** Headers of the current window, without counting a call. */
  headers(kind: 'standard' | 'search'): Record<string, string> {
    if (kind === 'search') return {};
    const limits = this.settings();
    const secondly = Math.ceil(limits.requestsPerWindow / Math.max(1, limits.windowMs / SECOND_MS));
    const lastSecond = this.windowHits.filter((at) => at > this.clock.now() - SECOND_MS).length;

    return {
      'X-HubSpot-RateLimit-Daily': String(limits.dailyLimit),
      'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, limits.dailyLimit - this.daily)),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(limits.windowMs),
      'X-HubSpot-RateLimit-Max': String(limits.requestsPerWindow),
      'X-HubSpot-RateLimit-Remaining': String(
        Math.max(0, limits.requestsPerWindow - this.windowHits.length),
      ),
      'X-HubSpot-RateLimit-Secondly': String(secondly),
      'X-HubSpot-RateLimit-Secondly-Remaining': String(Math.max(0, secondly - lastSecond)),
    };
  }

  reset(): void {
    this.windowHits = [];
    this.searchHits = [];
    this.daily = 0;
    this.day = -1;
  }

  private refuse(
    kind: 'standard' | 'search',
    policy: RatePolicy,
    retryAfterMs: number,
    now: number,
  ): RateDecision {
    this.rollDay(now);

    return {
      ok: false,
      policy,
      retryAfterMs: Math.max(0, retryAfterMs),
      headers: this.headers(kind),
    };
  }

  private rollDay(now: number): void {
    const day = Math.floor(now / DAY_MS);
    if (day === this.day) return;
    this.day = day;
    this.daily = 0;
  }
}
