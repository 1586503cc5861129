import { Clock } from './clock';
import { Journal } from './journal';
import { ListStore } from './lists';
import { PropertyRegistry } from './properties';
import { RateLimiter } from './rate-limit';
import { RecordStore } from './records';
import { ScenarioBook } from './scenarios';
import { TokenStore } from './tokens';

export interface HubSpotSettings {
  /** `expires_in` of access tokens issued from now on. */
  accessTokenTtlSeconds: number;
  /** When on, every refresh answers a new refresh token and burns the one it was given. */
  refreshTokenRotation: boolean;
  /** Calls allowed per rolling window (`X-HubSpot-RateLimit-Max`). */
  requestsPerWindow: number;
  /** The rolling window (`X-HubSpot-RateLimit-Interval-Milliseconds`). */
  windowMs: number;
  searchRequestsPerSecond: number;
  dailyLimit: number;
  /** Whether 429 answers carry `Retry-After` (seconds until the window frees a slot). */
  retryAfterOnRateLimit: boolean;
  /**
   * HubSpot does not support partial upserts with `email` as idProperty: one invalid input
   * fails the whole batch. When on, such batches answer 207 per input like other batches.
   */
  partialUpsertByEmail: boolean;
  /** How long a write stays invisible to search (the search index lags writes). */
  searchIndexDelayMs: number;
}

/** All mutable state of one emulated account, shared by its routes and its programmatic API. */
export class HubSpotState {
  readonly clock = new Clock();
  readonly properties = new PropertyRegistry();
  readonly tokens: TokenStore;
  readonly records: RecordStore;
  readonly lists: ListStore;
  readonly rateLimiter: RateLimiter;
  readonly scenarios = new ScenarioBook();
  readonly journal = new Journal();
  settings: HubSpotSettings;

  constructor(private readonly defaults: HubSpotSettings) {
    this.settings = { ...defaults };
    this.tokens = new TokenStore(this.clock, () => this.settings.accessTokenTtlSeconds);
    this.records = new RecordStore(this.clock, () => this.settings.searchIndexDelayMs);
    this.lists = new ListStore(this.clock);
    this.rateLimiter = new RateLimiter(this.clock, () => this.settings);
  }

  reset(): void {
    this.settings = { ...this.defaults };
    this.clock.reset();
    this.properties.reset();
    this.tokens.reset();
    this.records.reset();
    this.lists.reset();
    this.rateLimiter.reset();
    this.scenarios.clear();
    this.journal.clear();
  }
}
