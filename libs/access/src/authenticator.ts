import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Principal } from '@libs/core';
import { hashKey, STAFF_KEY_PREFIX } from './api-key';
import { ApiKeysService } from './api-keys.service';
import { JwtVerifier } from './jwt-verifier';
import type { StaffKeys } from './staff-keys';

export const STAFF_KEYS = Symbol('STAFF_KEYS');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JWT = /^[\w-]+\.[\w-]+\.[\w-]*$/;

export function unauthorized(detail: string): DomainError {
  return new DomainError(ErrorCode.Unauthorized, detail);
}

/**
 * Tells who a bearer credential belongs to: an org API key, a JWT from a configured issuer, or
 * a staff key. Refuses anything else with a 401.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly jwt: JwtVerifier,
    @Inject(STAFF_KEYS) private readonly staffKeys: StaffKeys,
  ) {}

  async authenticate(credential: string): Promise<Principal> {
    if (credential.startsWith(STAFF_KEY_PREFIX)) {
      const digest = hashKey(credential);
      if (!this.staffKeys.hashes.has(digest)) throw unauthorized('The staff key is not valid');

      return { role: 'staff', credential: 'staff_key', actorId: digest.slice(0, 12) };
    }
    if (JWT.test(credential)) {
      if (!this.jwt.enabled) throw unauthorized('Tokens are not accepted: no JWT_KEYS configured');
      const result = await this.jwt.verify(credential);
      if (!result.ok) throw unauthorized(`The token is not valid: ${result.reason}`);
      const { claims } = result;
      if (claims.orgId !== undefined && !UUID.test(claims.orgId)) {
        throw unauthorized('The token is not valid: its org claim is not an org id');
      }

      return { role: claims.role, orgId: claims.orgId, credential: 'jwt', actorId: claims.subject };
    }
    const apiKey = await this.apiKeys.findLive(credential);
    if (!apiKey) throw unauthorized('The API key is not valid');

    return { role: apiKey.role, orgId: apiKey.org.id, credential: 'api_key', actorId: apiKey.id };
  }

  /** Whether the staff key a principal authenticated with is still configured. */
  isStaffKeyConfigured(actorId: string): boolean {
    return [...this.staffKeys.hashes].some((digest) => digest.startsWith(actorId));
  }
}
