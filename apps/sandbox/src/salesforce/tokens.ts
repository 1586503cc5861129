import { randomBytes } from 'node:crypto';

import type { Clock } from './clock';
import { AUTHORIZATION_CODE_TTL_MS, SALESFORCE_ORG, SALESFORCE_USER } from './constants';

export interface Grant {
  id: number;
  clientId: string;
  userId: string;
  refreshToken: string;
  revoked: boolean;
  createdAt: number;
}

export interface AccessToken {
  token: string;
  grantId?: number;
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  expiresAt: number;
  used: boolean;
}

function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** Grants (refresh tokens), access tokens and authorization codes of the sandbox org. */
export class TokenStore {
  private readonly grants = new Map<number, Grant>();
  private readonly grantsByRefreshToken = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private nextGrantId = 1;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: () => number,
  ) {}

  createGrant(clientId: string): Grant {
    const grant: Grant = {
      id: this.nextGrantId,
      clientId,
      userId: SALESFORCE_USER.id,
      refreshToken: `5Aep861${randomToken(48)}`,
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

  /** Issues a new refresh token for the grant and burns the previous one. */
  rotateRefreshToken(grant: Grant): string {
    this.grantsByRefreshToken.delete(grant.refreshToken);
    grant.refreshToken = `5Aep861${randomToken(48)}`;
    this.grantsByRefreshToken.set(grant.refreshToken, grant);

    return grant.refreshToken;
  }

  issueAccessToken(grantId?: number): AccessToken {
    const issuedAt = this.clock.now();
    const token: AccessToken = {
      token: `${SALESFORCE_ORG.id.slice(0, 15)}!AQ${randomToken(72)}`,
      issuedAt,
      expiresAt: issuedAt + this.ttlMs(),
      revoked: false,
    };
    if (grantId !== undefined) token.grantId = grantId;
    this.accessTokens.set(token.token, token);

    return token;
  }

  /** The grant an access token was issued under, if any. */
  grantOfAccessToken(token: string): number | undefined {
    return this.accessTokens.get(token)?.grantId;
  }

  isAccessTokenValid(token: string): boolean {
    const entry = this.accessTokens.get(token);
    if (!entry || entry.revoked || this.clock.now() >= entry.expiresAt) return false;
    if (entry.grantId === undefined) return true;

    return this.grants.get(entry.grantId)?.revoked === false;
  }

  expireAccessTokens(): void {
    const now = this.clock.now();
    for (const entry of this.accessTokens.values())
      entry.expiresAt = Math.min(entry.expiresAt, now);
  }

  /** Revokes every grant and every session, as an admin revoking the connected app's access. */
  revokeGrants(): void {
    for (const grant of this.grants.values()) grant.revoked = true;
    for (const entry of this.accessTokens.values()) entry.revoked = true;
  }

  /** `POST /services/oauth2/revoke`: a refresh token revokes its grant, an access token itself. */
  revoke(token: string): boolean {
    const grant = this.grantsByRefreshToken.get(token);
    if (grant) {
      grant.revoked = true;

      return true;
    }
    const entry = this.accessTokens.get(token);
    if (entry) {
      entry.revoked = true;

      return true;
    }

    return false;
  }

  createCode(input: Omit<AuthorizationCode, 'code' | 'expiresAt' | 'used'>): AuthorizationCode {
    const code: AuthorizationCode = {
      ...input,
      code: `aPrx${randomToken(36)}`,
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
    this.nextGrantId = 1;
  }
}
