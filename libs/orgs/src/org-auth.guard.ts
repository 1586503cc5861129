import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Principal } from '@libs/core';
import type { Org } from './org.entity';

/** A request once the global authentication guard has identified its caller. */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
  org?: Org;
}

/**
 * Marks a controller as org-scoped: its caller must act for an org (an org API key or an org
 * token), not as Mobly staff. Authentication itself is the global guard's.
 */
@Injectable()
export class OrgAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.principal) {
      throw new DomainError(ErrorCode.Unauthorized, 'Send an API key or token as a Bearer token');
    }
    if (!request.org) {
      throw new DomainError(ErrorCode.Forbidden, 'This endpoint acts on an org; use an org key');
    }

    return true;
  }
}

/** The org of the authenticated caller. */
export const CurrentOrg = createParamDecorator((_: unknown, context: ExecutionContext): Org => {
  const org = context.switchToHttp().getRequest<AuthenticatedRequest>().org;
  if (!org) throw new DomainError(ErrorCode.Unauthorized, 'No authenticated org');

  return org;
});

/** The authenticated caller: role, org and the credential it used. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal) throw new DomainError(ErrorCode.Unauthorized, 'No authenticated caller');

    return principal;
  },
);
