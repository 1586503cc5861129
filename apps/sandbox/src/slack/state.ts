import { Clock } from './clock';
import { Journal } from './journal';
import { PostRateLimiter } from './rate-limit';
import { ScenarioBook } from './scenarios';
import { TokenStore } from './tokens';
import { Workspace } from './workspace';

export interface SlackSettings {
  /** Whether OAuth installs issue rotating (expiring) tokens with a refresh token. */
  tokenRotation: boolean;
  /** Lifetime of rotating tokens issued from now on. */
  rotatingTokenTtlMs: number;
  /** Messages each channel takes per window; 0 turns the limit off. */
  postsPerChannel: number;
  postWindowMs: number;
}

/** All mutable state of one emulated workspace, shared by its routes and its programmatic API. */
export class SlackState {
  readonly clock = new Clock();
  readonly tokens: TokenStore;
  readonly workspace: Workspace;
  readonly limiter: PostRateLimiter;
  readonly scenarios = new ScenarioBook();
  readonly journal = new Journal();
  settings: SlackSettings;

  constructor(private readonly defaults: SlackSettings) {
    this.settings = { ...defaults };
    this.tokens = new TokenStore(this.clock, () => this.settings.rotatingTokenTtlMs);
    this.workspace = new Workspace(this.clock);
    this.limiter = new PostRateLimiter(this.clock, () => ({
      limit: this.settings.postsPerChannel,
      windowMs: this.settings.postWindowMs,
    }));
  }

  reset(): void {
    this.settings = { ...this.defaults };
    this.clock.reset();
    this.tokens.reset();
    this.workspace.reset();
    this.limiter.reset();
    this.scenarios.clear();
    this.journal.clear();
  }
}
