import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@libs/core';
import type { Org } from './org.entity';
import { OrgsService } from './orgs.service';

interface OrgRequest {
  headers: Record<string, string | string[] | undefined>;
  org?: Org;
  orgId?: string;
}

/** Authenticates an org-scoped caller by its API key (`Authorization: Bearer mob_…`). */
@Injectable()
export class OrgAuthGuard implements CanActivate {
  constructor(private readonly orgs: OrgsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<OrgRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) {
      throw new DomainError(ErrorCode.Unauthorized, 'Send the org API key as a Bearer token');
    }
    const org = await this.orgs.findByApiKey(match[1]);
    if (!org) throw new DomainError(ErrorCode.Unauthorized, 'The API key is not valid');
    request.org = org;
    request.orgId = org.id;

    return true;
  }
}

/** The org of the authenticated caller. */
export const CurrentOrg = createParamDecorator((_: unknown, context: ExecutionContext): Org => {
  const org = context.switchToHttp().getRequest<OrgRequest>().org;
  if (!org) throw new DomainError(ErrorCode.Unauthorized, 'No authenticated org');

  return org;
});
