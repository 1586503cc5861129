import { Router } from 'express';

import type { VendorEmulator } from '../vendor';
import {
  DEFAULT_BOT_SCOPES,
  DEFAULT_POST_WINDOW_MS,
  DEFAULT_POSTS_PER_CHANNEL,
  ROTATING_TOKEN_TTL_MS,
} from './constants';
import type { SlackJournalEntry } from './journal';
import { apiRoutes } from './routes/api.routes';
import { authorizeRoutes } from './routes/authorize.routes';
import { controlRoutes } from './routes/control.routes';
import type { SlackFailureKind, SlackMethod, SlackScenarioSwitch } from './scenarios';
import { SlackState, type SlackSettings } from './state';
import type { NewChannel, SlackChannel, SlackMessage } from './workspace';

export type SlackEmulatorOptions = Partial<SlackSettings>;

/** Credentials of an app installation, as the OAuth flow would have produced them. */
export interface SlackInstallation {
  botToken: string;
  scopes: string[];
  /** With token rotation: the refresh token and when the bot token expires (epoch ms). */
  refreshToken?: string;
  expiresAt?: number;
}

/**
 * A Slack workspace that `@slack/web-api` cannot tell apart from Slack, for the OAuth v2 install
 * and token rotation, `auth.test`, conversations and `chat.postMessage`. State lives in memory.
 */
export class SlackEmulator implements VendorEmulator {
  readonly vendor = 'slack';
  private readonly state: SlackState;

  constructor(options: SlackEmulatorOptions = {}) {
    this.state = new SlackState({
      tokenRotation: options.tokenRotation ?? false,
      rotatingTokenTtlMs: options.rotatingTokenTtlMs ?? ROTATING_TOKEN_TTL_MS,
      postsPerChannel: options.postsPerChannel ?? DEFAULT_POSTS_PER_CHANNEL,
      postWindowMs: options.postWindowMs ?? DEFAULT_POST_WINDOW_MS,
    });
  }

  router(): Router {
    const router = Router();
    router.use(authorizeRoutes(this.state));
    router.use(apiRoutes(this.state));

    return router;
  }

  controlRouter(): Router {
    return controlRoutes(this);
  }

  /**
   * As if the admin installed the app: a bot token with these scopes (default: chat:write,
   * channels:read, groups:read, channels:join); with `rotation`, an expiring token and a refresh
   * token.
   */
  install(options: { scopes?: readonly string[]; rotation?: boolean } = {}): SlackInstallation {
    const { installation, token } = this.state.tokens.install(
      options.scopes ?? DEFAULT_BOT_SCOPES,
      options.rotation ?? this.state.settings.tokenRotation,
    );
    const result: SlackInstallation = { botToken: token.token, scopes: [...installation.scopes] };
    if (installation.refreshToken !== undefined) result.refreshToken = installation.refreshToken;
    if (token.expiresAt !== undefined) result.expiresAt = token.expiresAt;

    return result;
  }

  /** Revokes one token (answers `token_revoked` from now on); false when it is unknown. */
  revokeToken(token: string): boolean {
    return this.state.tokens.revokeToken(token);
  }

  /** The app is uninstalled: every token and refresh token stops working. */
  revokeAllTokens(): void {
    this.state.tokens.revokeAll();
  }

  /** Rotating tokens issued so far expire now (`token_expired`); classic bot tokens never do. */
  expireAccessTokens(): void {
    this.state.tokens.expireAccessTokens();
  }

  /** Moves the emulator's clock forward (token expiry and rate windows follow it). */
  advanceClock(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ms must be >= 0: ${ms}`);
    this.state.clock.advance(ms);
  }

  now(): number {
    return this.state.clock.now();
  }

  settings(): SlackSettings {
    return { ...this.state.settings };
  }

  /** Changes settings; rate-limit changes apply to the next post. */
  configure(patch: Partial<SlackSettings>): SlackSettings {
    const next = { ...this.state.settings, ...patch };
    for (const [name, value] of Object.entries(next)) {
      if (typeof value === 'number' && (!Number.isFinite(value) || value < 0)) {
        throw new RangeError(`${name} must be >= 0: ${value}`);
      }
    }
    this.state.settings = next;

    return this.settings();
  }

  channels(): SlackChannel[] {
    return this.state.workspace.channels();
  }

  /** A channel by id or name (`leads`, `#leads`). */
  channel(reference: string): SlackChannel | undefined {
    const channel = this.state.workspace.find(reference);

    return channel ? { ...channel } : undefined;
  }

  addChannel(input: NewChannel): SlackChannel {
    return this.state.workspace.add(input);
  }

  /** Archives or unarchives a channel, adds the bot to it or removes it. */
  updateChannel(
    reference: string,
    patch: { isArchived?: boolean; isMember?: boolean },
  ): SlackChannel {
    return this.state.workspace.update(reference, patch);
  }

  archiveChannel(reference: string): SlackChannel {
    return this.state.workspace.update(reference, { isArchived: true });
  }

  /** Adds the bot to a channel or removes it. */
  setMembership(reference: string, isMember: boolean): SlackChannel {
    return this.state.workspace.update(reference, { isMember });
  }

  /** Messages posted, in order; only one channel's (by id or name) when given. */
  messages(channel?: string): SlackMessage[] {
    return this.state.workspace.messages(channel);
  }

  journal(): SlackJournalEntry[] {
    return this.state.journal.list();
  }

  clearJournal(): void {
    this.state.journal.clear();
  }

  /**
   * The next `count` calls to `method` answer `kind` instead, whatever their token or arguments:
   * an `ok:false` error, a 429 (with `retryAfterSeconds`, default 1, or without the header) or a
   * 5xx. With `after`, that many calls are answered as usual first (a failure in mid-batch).
   * Nothing is posted by a call a switch answered.
   */
  failNext(
    method: SlackMethod,
    count: number,
    kind: SlackFailureKind,
    options: { retryAfterSeconds?: number; after?: number } = {},
  ): void {
    this.state.scenarios.arm(method, count, kind, options);
  }

  scenarios(): SlackScenarioSwitch[] {
    return this.state.scenarios.list();
  }

  clearScenarios(): void {
    this.state.scenarios.clear();
  }

  /** Back to a fresh workspace: seeded channels, no messages, tokens, switches or journal. */
  reset(): void {
    this.state.reset();
  }
}
