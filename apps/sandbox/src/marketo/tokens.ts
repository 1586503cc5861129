import { randomUUID } from 'node:crypto';

import type { Clock } from './clock';

export interface AccessToken {
  token: string;
  clientId: string;
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

export type TokenState = 'valid' | 'expired' | 'invalid';

/** The pod suffix real tokens carry after the UUID. */
const TOKEN_SUFFIX = ':ab';

/**
 * Access tokens of the sandbox instance. A client id has one live token at a time: asking the
 * identity endpoint again before it expires returns the same token with its remaining lifetime.
 */
export class TokenStore {
  private readonly tokens = new Map<string, AccessToken>();
  private readonly current = new Map<string, AccessToken>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlSeconds: () => number,
  ) {}

  /** The client's live token, or a new one once the previous expired or was revoked. */
  issue(clientId: string): AccessToken {
    const live = this.current.get(clientId);
    if (live && this.stateOf(live) === 'valid') return live;

    const issuedAt = this.clock.now();
    const token: AccessToken = {
      token: `${randomUUID()}${TOKEN_SUFFIX}`,
      clientId,
      issuedAt,
      expiresAt: issuedAt + this.ttlSeconds() * 1000,
      revoked: false,
    };
    this.tokens.set(token.token, token);
    this.current.set(clientId, token);

    return token;
  }

  /**
   * Whole seconds left, as the identity endpoint reports them: 3599 right after issue, 0 during
   * the token's last second (it still works until it expires).
   */
  expiresIn(token: AccessToken): number {
    const remainingMs = token.expiresAt - this.clock.now();

    return Math.max(0, Math.ceil(remainingMs / 1000) - 1);
  }

  state(value: string): TokenState {
    const token = this.tokens.get(value);

    return token ? this.stateOf(token) : 'invalid';
  }

  /** Makes every token issued so far expire now (REST calls then answer 602). */
  expireAll(): void {
    const now = this.clock.now();
    for (const token of this.tokens.values()) token.expiresAt = Math.min(token.expiresAt, now);
  }

  /** Makes one token expire now. */
  expire(value: string): void {
    const token = this.tokens.get(value);
    if (token) token.expiresAt = Math.min(token.expiresAt, this.clock.now());
  }

  /** Revokes every token issued so far (REST calls then answer 601). */
  revokeAll(): void {
    for (const token of this.tokens.values()) token.revoked = true;
  }

  revoke(value: string): void {
    const token = this.tokens.get(value);
    if (token) token.revoked = true;
  }

  list(): AccessToken[] {
    return [...this.tokens.values()].map((token) => ({ ...token }));
  }

  reset(): void {
    this.tokens.clear();
    this.current.clear();
  }

  private stateOf(token: AccessToken): TokenState {
    if (token.revoked) return 'invalid';

    return this.clock.now() >= token.expiresAt ? 'expired' : 'valid';
  }
}
