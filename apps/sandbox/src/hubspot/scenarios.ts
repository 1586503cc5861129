/**
 * Routes a scenario switch can target. `crm` matches every CRM call (objects, properties,
 * search, associations, lists); `crm.write` every call that writes.
 */
export const HUBSPOT_ROUTES = [
  'oauth.token',
  'crm',
  'crm.write',
  'properties',
  'contacts.create',
  'contacts.read',
  'contacts.update',
  'contacts.archive',
  'contacts.list',
  'contacts.batch.create',
  'contacts.batch.read',
  'contacts.batch.update',
  'contacts.batch.upsert',
  'contacts.batch.archive',
  'contacts.search',
  'companies.create',
  'companies.read',
  'companies.update',
  'companies.archive',
  'companies.list',
  'companies.batch.create',
  'companies.batch.read',
  'companies.batch.update',
  'companies.batch.upsert',
  'companies.batch.archive',
  'companies.search',
  'associations.batch.associate',
  'lists.create',
  'lists.read',
  'lists.memberships.add',
  'lists.memberships.remove',
  'account.details',
] as const;

export type HubSpotRoute = (typeof HUBSPOT_ROUTES)[number];

/**
 * What the next calls answer:
 * - `TEN_SECONDLY_ROLLING`, `SECONDLY`, `DAILY`: 429 with that policy's body;
 * - `EXPIRED_AUTHENTICATION`, `INVALID_AUTHENTICATION`: 401 even with a valid token;
 * - `MISSING_SCOPES`: 403; `CONFLICT`: 409 `Contact already exists`;
 * - `INTERNAL_ERROR`: 500 JSON; `BAD_GATEWAY`: 502 with Cloudflare's `text/html` page;
 * - `LOCKED`: 423; `MIGRATION_IN_PROGRESS`: 477 with `Retry-After`;
 * - `BAD_REFRESH_TOKEN`: 400 from the token endpoint (`oauth.token` only).
 */
export const HUBSPOT_FAILURE_KINDS = [
  'TEN_SECONDLY_ROLLING',
  'SECONDLY',
  'DAILY',
  'EXPIRED_AUTHENTICATION',
  'INVALID_AUTHENTICATION',
  'MISSING_SCOPES',
  'CONFLICT',
  'INTERNAL_ERROR',
  'BAD_GATEWAY',
  'LOCKED',
  'MIGRATION_IN_PROGRESS',
  'BAD_REFRESH_TOKEN',
] as const;

export type HubSpotFailureKind = (typeof HUBSPOT_FAILURE_KINDS)[number];

export interface HubSpotScenarioSwitch {
  route: HubSpotRoute;
  kind: HubSpotFailureKind;
  remaining: number;
  /** `Retry-After` seconds sent with 429 and 477 answers. */
  retryAfterSeconds?: number;
}

export interface ArmedFailure {
  kind: HubSpotFailureKind;
  retryAfterSeconds?: number;
}

const WRITE_SUFFIXES = [
  '.create',
  '.update',
  '.archive',
  '.batch.create',
  '.batch.update',
  '.batch.upsert',
  '.batch.archive',
  '.batch.associate',
  '.memberships.add',
  '.memberships.remove',
];

export function isWriteRoute(route: HubSpotRoute): boolean {
  return WRITE_SUFFIXES.some((suffix) => route.endsWith(suffix));
}

export function isHubSpotRoute(value: unknown): value is HubSpotRoute {
  return typeof value === 'string' && (HUBSPOT_ROUTES as readonly string[]).includes(value);
}

export function isHubSpotFailureKind(value: unknown): value is HubSpotFailureKind {
  return typeof value === 'string' && (HUBSPOT_FAILURE_KINDS as readonly string[]).includes(value);
}

function matches(armed: HubSpotRoute, route: HubSpotRoute): boolean {
  if (armed === route) return true;
  if (route === 'oauth.token') return false;
  if (armed === 'crm') return true;

  return armed === 'crm.write' && isWriteRoute(route);
}

/** Armed "next N calls to a route answer X" switches, consumed in the order they were armed. */
export class ScenarioBook {
  private switches: HubSpotScenarioSwitch[] = [];

  arm(
    route: HubSpotRoute,
    count: number,
    kind: HubSpotFailureKind,
    options: { retryAfterSeconds?: number } = {},
  ): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be >= 1: ${count}`);
    if ((kind === 'BAD_REFRESH_TOKEN') !== (route === 'oauth.token')) {
      throw new RangeError(`${kind} does not apply to ${route}`);
    }
    const retryAfter = options.retryAfterSeconds;
    if (retryAfter !== undefined && (!Number.isFinite(retryAfter) || retryAfter < 0)) {
      throw new RangeError(`retryAfterSeconds must be >= 0: ${retryAfter}`);
    }
    const entry: HubSpotScenarioSwitch = { route, kind, remaining: count };
    if (retryAfter !== undefined) entry.retryAfterSeconds = retryAfter;
    this.switches.push(entry);
  }

  /** Consumes one failure armed for this route (or for a group that contains it). */
  take(route: HubSpotRoute): ArmedFailure | undefined {
    const armed = this.switches.find((entry) => matches(entry.route, route));
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.switches = this.switches.filter((entry) => entry !== armed);

    return armed.retryAfterSeconds === undefined
      ? { kind: armed.kind }
      : { kind: armed.kind, retryAfterSeconds: armed.retryAfterSeconds };
  }

  list(): HubSpotScenarioSwitch[] {
    return this.switches.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.switches = [];
  }
}
