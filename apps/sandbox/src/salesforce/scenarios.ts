/** Routes a scenario switch can target. `data` matches every call to the data API. */
export const SALESFORCE_ROUTES = [
  'oauth.token',
  'data',
  'versions',
  'resources',
  'limits',
  'describe',
  'query',
  'sobject.create',
  'sobject.retrieve',
  'sobject.update',
  'sobject.upsert',
  'sobject.delete',
  'collections.create',
  'collections.update',
  'collections.upsert',
  'collections.retrieve',
  'collections.delete',
] as const;

export type SalesforceRoute = (typeof SALESFORCE_ROUTES)[number];

/**
 * What the next calls answer:
 * - `SERVER_UNAVAILABLE`: 503; `UNKNOWN_EXCEPTION`: 500;
 * - `REQUEST_LIMIT_EXCEEDED`: 403 (`TotalRequests Limit exceeded.`);
 * - `INVALID_SESSION_ID`: 401 even with a valid token (data API only);
 * - `UNABLE_TO_LOCK_ROW`: per record — the next N records written on the route fail with it
 *   while the rest of the request proceeds (write routes only).
 */
export const FAILURE_KINDS = [
  'SERVER_UNAVAILABLE',
  'UNKNOWN_EXCEPTION',
  'REQUEST_LIMIT_EXCEEDED',
  'INVALID_SESSION_ID',
  'UNABLE_TO_LOCK_ROW',
] as const;

export type FailureKind = (typeof FAILURE_KINDS)[number];

export type CallFailureKind = Exclude<FailureKind, 'UNABLE_TO_LOCK_ROW'>;

const WRITE_ROUTES: ReadonlySet<SalesforceRoute> = new Set([
  'data',
  'sobject.create',
  'sobject.update',
  'sobject.upsert',
  'collections.create',
  'collections.update',
  'collections.upsert',
]);

export interface ScenarioSwitch {
  route: SalesforceRoute;
  kind: FailureKind;
  remaining: number;
}

export function isSalesforceRoute(value: unknown): value is SalesforceRoute {
  return typeof value === 'string' && (SALESFORCE_ROUTES as readonly string[]).includes(value);
}

export function isFailureKind(value: unknown): value is FailureKind {
  return typeof value === 'string' && (FAILURE_KINDS as readonly string[]).includes(value);
}

/** Armed "next N calls to a route answer X" switches, consumed in the order they were armed. */
export class ScenarioBook {
  private switches: ScenarioSwitch[] = [];

  arm(route: SalesforceRoute, count: number, kind: FailureKind): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be >= 1: ${count}`);
    if (kind === 'UNABLE_TO_LOCK_ROW' && !WRITE_ROUTES.has(route)) {
      throw new RangeError(`UNABLE_TO_LOCK_ROW applies to write routes, not ${route}`);
    }
    if (kind === 'INVALID_SESSION_ID' && route === 'oauth.token') {
      throw new RangeError('INVALID_SESSION_ID applies to data API routes');
    }
    this.switches.push({ route, kind, remaining: count });
  }

  /** Consumes one call-level failure armed for this route (or for every data call). */
  takeCallFailure(route: SalesforceRoute): CallFailureKind | undefined {
    const armed = this.switches.find(
      (entry) =>
        entry.kind !== 'UNABLE_TO_LOCK_ROW' &&
        (entry.route === route || (entry.route === 'data' && route !== 'oauth.token')),
    );
    if (!armed || armed.kind === 'UNABLE_TO_LOCK_ROW') return undefined;
    this.consume(armed);

    return armed.kind;
  }

  /** Consumes one record-level lock failure armed for this write route. */
  takeLockFailure(route: SalesforceRoute): boolean {
    const armed = this.switches.find(
      (entry) =>
        entry.kind === 'UNABLE_TO_LOCK_ROW' && (entry.route === route || entry.route === 'data'),
    );
    if (!armed) return false;
    this.consume(armed);

    return true;
  }

  list(): ScenarioSwitch[] {
    return this.switches.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.switches = [];
  }

  private consume(entry: ScenarioSwitch): void {
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.switches = this.switches.filter((other) => other !== entry);
  }
}
