import { Filter, RequestContext, type EntityManager } from '@mikro-orm/core';

export const ORG_FILTER = 'org';

/**
 * The tenant a unit of work may see. Every org-owned entity carries the `org` filter, and it has
 * no default: a query through an EntityManager without a scope fails instead of seeing every
 * org. Requests are scoped to the caller's org by the authentication guard; background work
 * scopes itself per job, or says explicitly that it spans orgs.
 */
export type OrgScope = { orgId: string } | { allOrgs: true };

/** Marks an entity as owned by an org, reached through `path` (`org`, or `connection.org`). */
export function OrgOwned(path: 'org' | 'id' | 'connection.org' = 'org'): ClassDecorator {
  return Filter({
    name: ORG_FILTER,
    default: true,
    cond: (scope: OrgScope) => {
      if ('allOrgs' in scope) return {};
      if (path === 'connection.org') return { connection: { org: scope.orgId } };

      return { [path]: scope.orgId };
    },
  });
}

/** Scopes an EntityManager (and the forks made from it) to one org. */
export function scopeToOrg(em: EntityManager, orgId: string): void {
  em.setFilterParams(ORG_FILTER, { orgId } satisfies OrgScope);
}

/** Lets an EntityManager see every org: for workers and the credential lookup itself. */
export function scopeToAllOrgs(em: EntityManager): void {
  em.setFilterParams(ORG_FILTER, { allOrgs: true } satisfies OrgScope);
}

/**
 * Runs background work (a job) in a unit of work of its own, scoped as given: code inside that
 * uses the injected EntityManager sees only that org, or every org when the job spans them.
 */
export async function runInOrgScope<T>(
  em: EntityManager,
  scope: OrgScope,
  work: () => Promise<T>,
): Promise<T> {
  const fork = em.fork();
  fork.setFilterParams(ORG_FILTER, scope);

  return RequestContext.create(fork, work);
}
