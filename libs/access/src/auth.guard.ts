import { EntityManager } from '@mikro-orm/postgresql';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  DomainError,
  ErrorCode,
  PUBLIC_KEY,
  ROLES_KEY,
  scopeToAllOrgs,
  scopeToOrg,
  type Principal,
  type Role,
} from '@libs/core';
import { Org, type AuthenticatedRequest } from '@libs/orgs';
import { hashKey, STAFF_KEY_PREFIX } from './api-key';
import { ApiKeysService } from './api-keys.service';
import { JwtVerifier } from './jwt-verifier';
import type { StaffKeys } from './staff-keys';

export const STAFF_KEYS = Symbol('STAFF_KEYS');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JWT = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/** Routes that declare no roles are configuration: admins only. */
const DEFAULT_ROLES: Role[] = ['admin'];

function unauthorized(detail: string): DomainError {
  return new DomainError(ErrorCode.Unauthorized, detail);
}

/**
 * The global guard: every route but the `@Public()` ones needs a bearer credential — an org
 * API key, a JWT from a configured issuer, or a staff key. It scopes the request's
 * EntityManager to the caller's org, then checks the route's `@Roles()`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly em: EntityManager,
    private readonly apiKeys: ApiKeysService,
    private readonly jwt: JwtVerifier,
    @Inject(STAFF_KEYS) private readonly staffKeys: StaffKeys,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match)
      throw unauthorized('Send an API key or token as Authorization: Bearer <credential>');

    const principal = await this.authenticate(match[1]);
    request.principal = principal;
    if (principal.orgId) {
      scopeToOrg(this.em, principal.orgId);
      const org = await this.em.findOne(Org, { id: principal.orgId });
      if (!org) throw unauthorized('The org of this credential does not exist');
      request.org = org;
    } else {
      // Staff act across orgs; each staff endpoint names the org it acts on.
      scopeToAllOrgs(this.em);
    }

    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? DEFAULT_ROLES;
    if (!roles.includes(principal.role)) {
      throw new DomainError(
        ErrorCode.Forbidden,
        `This endpoint is for ${roles.join(' or ')} callers; this credential is ${principal.role}`,
      );
    }

    return true;
  }

  private async authenticate(credential: string): Promise<Principal> {
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
}
