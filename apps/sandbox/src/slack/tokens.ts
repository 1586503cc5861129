import { randomBytes } from 'node:crypto';

import type { Clock } from './clock';
import { AUTHORIZATION_CODE_TTL_MS } from './constants';

/** One install of the app in the workspace: its bot scopes and, with rotation, a refresh token. */
export interface Installation {
  id: number;
  scopes: string[];
  rotation: boolean;
  revoked: boolean;
  refreshToken?: string;
  createdAt: number;
}

export interface BotToken {
  token: string;
  installationId: number;
  /** Set for rotating tokens only; classic bot tokens never expire. */
  expiresAt?: number;
  revoked: boolean;
}

export interface AuthorizationCode {
  code: string;
  scopes: string[];
  redirectUri: string;
  expiresAt: number;
  used: boolean;
}

export type TokenProblem = 'invalid_auth' | 'token_revoked' | 'token_expired';

export type TokenCheck =
  { ok: true; token: BotToken; installation: Installation } | { ok: false; error: TokenProblem };

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlphanumeric(length: number): string {
  return Array.from(randomBytes(length), (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join(
    '',
  );
}

function randomDigits(length: number): string {
  return Array.from(randomBytes(length), (byte) => String(byte % 10)).join('');
}

/** Installations, bot tokens (classic or rotating), refresh tokens and authorization codes. */
export class TokenStore {
  private readonly installations = new Map<number, Installation>();
  private readonly installationsByRefreshToken = new Map<string, Installation>();
  private readonly tokens = new Map<string, BotToken>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private nextInstallationId = 1;

  constructor(
    private readonly clock: Clock,
    private readonly rotatingTtlMs: () => number,
  ) {}

  /** Installs the app with these bot scopes; returns the installation and its first token. */
  install(
    scopes: readonly string[],
    rotation: boolean,
  ): { installation: Installation; token: BotToken } {
    const installation: Installation = {
      id: this.nextInstallationId,
      scopes: [...new Set(scopes)],
      rotation,
      revoked: false,
      createdAt: this.clock.now(),
    };
    this.nextInstallationId += 1;
    this.installations.set(installation.id, installation);
    if (rotation) this.rotateRefreshToken(installation);

    return { installation, token: this.issue(installation) };
  }

  check(value: string): TokenCheck {
    const token = this.tokens.get(value);
    if (!token) return { ok: false, error: 'invalid_auth' };
    const installation = this.installations.get(token.installationId);
    if (!installation || installation.revoked || token.revoked) {
      return { ok: false, error: 'token_revoked' };
    }
    if (token.expiresAt !== undefined && this.clock.now() >= token.expiresAt) {
      return { ok: false, error: 'token_expired' };
    }

    return { ok: true, token, installation };
  }

  /**
   * `grant_type=refresh_token`: a new access token and a new refresh token; the refresh token
   * given is burnt. Tokens issued before stay valid until they expire.
   */
  refresh(refreshToken: string): { installation: Installation; token: BotToken } | undefined {
    const installation = this.installationsByRefreshToken.get(refreshToken);
    if (!installation || installation.revoked) return undefined;
    this.rotateRefreshToken(installation);

    return { installation, token: this.issue(installation) };
  }

  installation(id: number): Installation | undefined {
    return this.installations.get(id);
  }

  /** `auth.revoke`: this token stops working; the installation's other tokens do not. */
  revokeToken(value: string): boolean {
    const token = this.tokens.get(value);
    if (!token) return false;
    token.revoked = true;

    return true;
  }

  /** The app is uninstalled: every token and refresh token stops working. */
  revokeAll(): void {
    for (const installation of this.installations.values()) installation.revoked = true;
    for (const token of this.tokens.values()) token.revoked = true;
  }

  /** Rotating tokens issued so far expire now (classic bot tokens have no expiry). */
  expireAccessTokens(): void {
    const now = this.clock.now();
    for (const token of this.tokens.values()) {
      if (token.expiresAt !== undefined) token.expiresAt = Math.min(token.expiresAt, now);
    }
  }

  createCode(scopes: readonly string[], redirectUri: string): AuthorizationCode {
    const code: AuthorizationCode = {
      code: `${randomDigits(10)}.${randomDigits(13)}.${randomBytes(32).toString('hex')}`,
      scopes: [...scopes],
      redirectUri,
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
    this.installations.clear();
    this.installationsByRefreshToken.clear();
    this.tokens.clear();
    this.codes.clear();
    this.nextInstallationId = 1;
  }

  private issue(installation: Installation): BotToken {
    const token: BotToken = installation.rotation
      ? {
          token: `xoxe.xoxb-1-${randomAlphanumeric(96)}`,
          installationId: installation.id,
          expiresAt: this.clock.now() + this.rotatingTtlMs(),
          revoked: false,
        }
      : {
          token: `xoxb-${randomDigits(13)}-${randomDigits(13)}-${randomAlphanumeric(24)}`,
          installationId: installation.id,
          revoked: false,
        };
    this.tokens.set(token.token, token);

    return token;
  }

  private rotateRefreshToken(installation: Installation): void {
    if (installation.refreshToken !== undefined) {
      this.installationsByRefreshToken.delete(installation.refreshToken);
    }
    installation.refreshToken = `xoxe-1-${randomAlphanumeric(140)}`;
    this.installationsByRefreshToken.set(installation.refreshToken, installation);
  }
}
