import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import { ROLES, type Environment, type Role } from '@libs/core';

/** One configured way to check a signature. */
type VerificationKey = { secret: Uint8Array; algorithms: string[] } | { jwks: JWTVerifyGetKey };

/** Signature algorithms accepted from a key set: asymmetric only, never `none` or HMAC. */
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384'];

export interface TokenClaims {
  subject: string;
  role: Role;
  orgId?: string;
}

export type TokenResult = { ok: true; claims: TokenClaims } | { ok: false; reason: string };

function parseKeys(entries: string[]): VerificationKey[] {
  return entries.map((entry) => {
    const separator = entry.indexOf(':');
    const kind = entry.slice(0, separator);
    const value = entry.slice(separator + 1);

    return kind === 'hs256'
      ? { secret: new TextEncoder().encode(value), algorithms: ['HS256'] }
      : { jwks: createRemoteJWKSet(new URL(value)) };
  });
}

/** Verifies bearer JWTs against the keys of JWT_KEYS, and reads the caller's org and role. */
@Injectable()
export class JwtVerifier {
  private readonly keys: VerificationKey[];
  private readonly options: JWTVerifyOptions;
  private readonly orgClaim: string;
  private readonly roleClaim: string;

  constructor(config: ConfigService<Environment, true>) {
    this.keys = parseKeys(config.get('JWT_KEYS'));
    const issuer = config.get('JWT_ISSUER');
    this.options = {
      audience: config.get('JWT_AUDIENCE'),
      ...(issuer ? { issuer } : {}),
      requiredClaims: ['exp', 'sub'],
      clockTolerance: 5,
    };
    this.orgClaim = config.get('JWT_ORG_CLAIM');
    this.roleClaim = config.get('JWT_ROLE_CLAIM');
  }

  get enabled(): boolean {
    return this.keys.length > 0;
  }

  async verify(token: string): Promise<TokenResult> {
    let reason = 'no key verifies the token signature';
    for (const key of this.keys) {
      try {
        const { payload } =
          'secret' in key
            ? await jwtVerify(token, key.secret, { ...this.options, algorithms: key.algorithms })
            : await jwtVerify(token, key.jwks, { ...this.options, algorithms: JWKS_ALGORITHMS });

        return this.claims(payload);
      } catch (error) {
        // A bad signature may just be another key's token; anything else is final.
        if (error instanceof errors.JWSSignatureVerificationFailed) continue;
        if (error instanceof errors.JWKSNoMatchingKey) continue;
        if (error instanceof errors.JWTExpired) return { ok: false, reason: 'the token expired' };
        if (error instanceof errors.JWTClaimValidationFailed) {
          return { ok: false, reason: `the token's "${error.claim}" claim is not accepted` };
        }
        reason = 'the token is malformed or uses an algorithm that is not accepted';
      }
    }

    return { ok: false, reason };
  }

  private claims(payload: JWTPayload): TokenResult {
    const role = payload[this.roleClaim];
    const orgId = payload[this.orgClaim];
    if (typeof role !== 'string' || !ROLES.includes(role as Role)) {
      return { ok: false, reason: `the "${this.roleClaim}" claim must be admin, rep or staff` };
    }
    if (role !== 'staff' && typeof orgId !== 'string') {
      return { ok: false, reason: `the "${this.orgClaim}" claim is missing` };
    }

    return {
      ok: true,
      claims: {
        subject: String(payload.sub),
        role: role as Role,
        ...(role !== 'staff' ? { orgId: orgId as string } : {}),
      },
    };
  }
}
