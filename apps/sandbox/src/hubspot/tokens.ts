import { randomBytes, randomUUID } from 'node:crypto';

import type { Clock } from './clock';
import { AUTHORIZATION_CODE_TTL_MS, HUBSPOT_APP } from './constants';

export interface Grant {
  id: number;
  clientId: string;
  refreshToken: string;
  scopes: string[];
  revoked: boolean;
  createdAt: number;
}

export interface AccessToken {
  token: string;
  grantId: number;
  issuedAt: number;
  expiresAt: number;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

/** A private app's static access token (`pat-…`): it never expires, until the app is deleted. */
export interface PrivateAppToken {
  token: string;
  scopes: string[];
  revoked: boolean;
  createdAt: number;
}

/** What a bearer token is worth right now. */
export type TokenState =
  | { state: 'valid'; token: AccessToken; grant: Grant }
  | { state: 'expired'; expiredAt: number }
  | { state: 'invalid' };

/** Grants (refresh tokens), access tokens and authorization codes of the sandbox account. */
export class TokenStore {
  private readonly grants = new Map<number, Grant>();
  private readonly grantsByRefreshToken = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly privateApps = new Map<string, PrivateAppToken>();
  private nextGrantId = 1;
  /** Authenticated requests left before every access token expires; undefined when unarmed. */
  private expiryCountdown?: number;
  private expireAtNextWrite = false;

  constructor(
    private readonly clock: Clock,
    private readonly ttlSeconds: () => number,
  ) {}

  createGrant(clientId: string, scopes: readonly string[] = HUBSPOT_APP.scopes): Grant {
    const grant: Grant = {
      id: this.nextGrantId,
      clientId,
      refreshToken: randomUUID(),
      scopes: [...scopes],
      revoked: false,
      createdAt: this.clock.now(),
    };
    this.nextGrantId += 1;
    this.grants.set(grant.id, grant);
    this.grantsByRefreshToken.set(grant.refreshToken, grant);

    return grant;
  }

  /** The live grant a refresh token belongs to; undefined once revoked or rotated away. */
  grantForRefreshToken(refreshToken: string): Grant | undefined {
    const grant = this.grantsByRefreshToken.get(refreshToken);

    return grant && !grant.revoked ? grant : undefined;
  }

  grantOf(token: AccessToken): Grant | undefined {
    return this.grants.get(token.grantId);
  }

  /** Issues a new refresh token for the grant and burns the previous one. */
  rotateRefreshToken(grant: Grant): string {
    this.grantsByRefreshToken.delete(grant.refreshToken);
    grant.refreshToken = randomUUID();
    this.grantsByRefreshToken.set(grant.refreshToken, grant);

    return grant.refreshToken;
  }

  issueAccessToken(grant: Grant): AccessToken {
    const issuedAt = this.clock.now();
    const token: AccessToken = {
      token: `C${randomBytes(3).toString('hex').toUpperCase()}${randomBytes(120).toString('base64url')}`,
      grantId: grant.id,
      issuedAt,
      expiresAt: issuedAt + this.ttlSeconds() * 1000,
    };
    this.accessTokens.set(token.token, token);

    return token;
  }

  /** A private app created in the account: its access token works until the app is deleted. */
  createPrivateAppToken(scopes: readonly string[] = HUBSPOT_APP.scopes): PrivateAppToken {
    const token: PrivateAppToken = {
      token: `pat-na1-${randomUUID()}`,
      scopes: [...scopes].filter((scope) => scope !== 'oauth'),
      revoked: false,
      createdAt: this.clock.now(),
    };
    this.privateApps.set(token.token, token);

    return token;
  }

  isPrivateAppToken(value: string | undefined): boolean {
    return value !== undefined && this.privateApps.has(value);
  }

  /** Deletes every private app: their tokens answer 401 INVALID_AUTHENTICATION. */
  revokePrivateAppTokens(): void {
    for (const token of this.privateApps.values()) token.revoked = true;
  }

  stateOf(value: string | undefined): TokenState {
    const privateApp = value === undefined ? undefined : this.privateApps.get(value);
    if (privateApp) {
      if (privateApp.revoked) return { state: 'invalid' };
      const grant: Grant = {
        id: 0,
        clientId: 'private-app',
        refreshToken: '',
        scopes: privateApp.scopes,
        revoked: false,
        createdAt: privateApp.createdAt,
      };
      const token: AccessToken = {
        token: privateApp.token,
        grantId: 0,
        issuedAt: privateApp.createdAt,
        expiresAt: Number.POSITIVE_INFINITY,
      };

      return { state: 'valid', token, grant };
    }
    const token = value === undefined ? undefined : this.accessTokens.get(value);
    const grant = token ? this.grants.get(token.grantId) : undefined;
    if (!token || !grant || grant.revoked) return { state: 'invalid' };
    if (this.clock.now() >= token.expiresAt)
      return { state: 'expired', expiredAt: token.expiresAt };

    return { state: 'valid', token, grant };
  }

  expireAccessTokens(): void {
    const now = this.clock.now();
    for (const token of this.accessTokens.values()) {
      token.expiresAt = Math.min(token.expiresAt, now);
    }
    this.expiryCountdown = undefined;
    this.expireAtNextWrite = false;
  }

  /** Every access token issued so far expires when the next write call arrives. */
  expireAccessTokensAtNextWrite(): void {
    this.expireAtNextWrite = true;
  }

  /** Called as a write call arrives, before its token is checked. */
  beforeWrite(): void {
    if (this.expireAtNextWrite) this.expireAccessTokens();
  }

  /** Every access token issued so far expires once `requests` more CRM calls were accepted. */
  expireAccessTokensAfter(requests: number): void {
    if (!Number.isInteger(requests) || requests < 0) {
      throw new RangeError(`requests must be >= 0: ${requests}`);
    }
    if (requests === 0) this.expireAccessTokens();
    else this.expiryCountdown = requests;
  }

  /** Counts one accepted CRM call against an armed expiry. */
  countAuthenticatedRequest(): void {
    if (this.expiryCountdown === undefined) return;
    this.expiryCountdown -= 1;
    if (this.expiryCountdown <= 0) this.expireAccessTokens();
  }

  /** Revokes every grant, as an admin uninstalling the app: refresh and access tokens die. */
  revokeGrants(): void {
    for (const grant of this.grants.values()) grant.revoked = true;
  }

  /** `DELETE /oauth/v1/refresh-tokens/{token}`. */
  revokeRefreshToken(refreshToken: string): boolean {
    const grant = this.grantForRefreshToken(refreshToken);
    if (!grant) return false;
    grant.revoked = true;

    return true;
  }

  createCode(input: Omit<AuthorizationCode, 'code' | 'expiresAt' | 'used'>): AuthorizationCode {
    const code: AuthorizationCode = {
      ...input,
      code: randomUUID(),
      expiresAt: this.clock.now() + AUTHORIZATION_CODE_TTL_MS,
      used: false,
    };
    this.codes.set(code.code, code);

    return code;
  }

  /** Returns the code once; a second use, an unknown or an expired code gives undefined. */
  consumeCode(value: string): AuthorizationCode | undefined {
    const code = this.codes.get(value);
    if (!code || code.used || this.clock.now() >= code.expiresAt) return undefined;
    code.used = true;

    return code;
  }

  reset(): void {
    this.grants.clear();
    this.grantsByRefreshToken.clear();
    this.accessTokens.clear();
    this.codes.clear();
    this.privateApps.clear();
    this.nextGrantId = 1;
    this.expiryCountdown = undefined;
    this.expireAtNextWrite = false;
  }
}
