import { EntityManager } from '@mikro-orm/postgresql';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  DomainError,
  ErrorCode,
  PUBLIC_KEY,
  ROLES_KEY,
  scopeToAllOrgs,
  scopeToOrg,
  type Role,
} from '@libs/core';
import { Org, type AuthenticatedRequest } from '@libs/orgs';
import { Authenticator, unauthorized } from './authenticator';

/** Routes that declare no roles are configuration: admins only. */
const DEFAULT_ROLES: Role[] = ['admin'];

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
    private readonly authenticator: Authenticator,
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

    const principal = await this.authenticator.authenticate(match[1]);
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
}
