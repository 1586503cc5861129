import type { SecretBox } from '@libs/core';

/** Who a dashboard token was issued to, and until when (epoch milliseconds). */
export interface DashboardClaims {
  /** The staff caller as the audit log names it, e.g. `staff_key:3f2a…` or `jwt:alice`. */
  actor: string;
  expiresAt: number;
}

/**
 * A signed, expiring token: `<claims, base64url JSON>.<key id>.<HMAC>`. The purpose is part of
 * the signing key, so a login ticket is never taken for a session and the other way round.
 */
export function issueDashboardToken(
  box: SecretBox,
  purpose: string,
  claims: DashboardClaims,
): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');

  return `${payload}.${box.sign(payload, purpose)}`;
}

/** The claims of a token this platform signed for `purpose` that has not expired; else null. */
export function readDashboardToken(
  box: SecretBox,
  purpose: string,
  token: string,
  now = Date.now(),
): DashboardClaims | null {
  const dot = token.indexOf('.');
  if (dot <= 0) return null;
  const payload = token.slice(0, dot);
  if (!box.verify(payload, token.slice(dot + 1), purpose)) return null;
  let claims: Partial<DashboardClaims>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof claims.actor !== 'string' || typeof claims.expiresAt !== 'number') return null;

  return claims.expiresAt > now ? { actor: claims.actor, expiresAt: claims.expiresAt } : null;
}
