import { RESPONSE_ERROR_CODES, type ResponseErrorCode } from './envelope';

/** Routes a scenario switch can target. `rest` matches every REST call. */
export const MARKETO_ROUTES = [
  'identity',
  'rest',
  'leads.describe',
  'leads.describe2',
  'leads.query',
  'lead.get',
  'leads.sync',
  'programs.members.status',
  'program.get',
  'channel.byName',
  'lists.leads.add',
  'lists.leads.remove',
  'lists.leads.ismember',
] as const;

export type MarketoRoute = (typeof MARKETO_ROUTES)[number];

/**
 * What the identity endpoint answers instead of a token:
 * - `invalid_client`: 401 `{"error":"invalid_client","error_description":"Bad client credentials"}`;
 * - `expires_in_zero`: the current token with `"expires_in": 0`, as just before it expires;
 * - `unavailable`: 503 with an HTML body, as from the load balancer.
 */
export const IDENTITY_FAILURES = ['invalid_client', 'expires_in_zero', 'unavailable'] as const;

export type IdentityFailure = (typeof IDENTITY_FAILURES)[number];

/**
 * A REST route answers an HTTP 200 envelope with `success: false` and this response-level code.
 * `601` also revokes the caller's token and `602` expires it, so a client that re-authenticates
 * gets a different token, as from the real instance.
 */
export type FailureKind = IdentityFailure | ResponseErrorCode;

export interface ScenarioSwitch {
  route: MarketoRoute;
  kind: FailureKind;
  /** Calls still to answer with the failure. */
  remaining: number;
  /** Matching calls still to let through before the failures start. */
  after: number;
  /** Overrides the vendor message of a response-level code. */
  message?: string;
}

export interface ArmOptions {
  after?: number;
  message?: string;
}

export function isMarketoRoute(value: unknown): value is MarketoRoute {
  return typeof value === 'string' && (MARKETO_ROUTES as readonly string[]).includes(value);
}

export function isIdentityFailure(value: unknown): value is IdentityFailure {
  return typeof value === 'string' && (IDENTITY_FAILURES as readonly string[]).includes(value);
}

export function isFailureKind(value: unknown): value is FailureKind {
  return (
    isIdentityFailure(value) ||
    (typeof value === 'string' && (RESPONSE_ERROR_CODES as readonly string[]).includes(value))
  );
}

/** Armed "next N calls to a route answer X" switches, consumed in the order they were armed. */
export class ScenarioBook {
  private switches: ScenarioSwitch[] = [];

  arm(route: MarketoRoute, count: number, kind: FailureKind, options: ArmOptions = {}): void {
    const after = options.after ?? 0;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be >= 1: ${count}`);
    if (!Number.isInteger(after) || after < 0) throw new RangeError(`after must be >= 0: ${after}`);
    if ((route === 'identity') !== isIdentityFailure(kind)) {
      throw new RangeError(`${kind} does not apply to the ${route} route`);
    }
    const entry: ScenarioSwitch = { route, kind, remaining: count, after };
    if (options.message !== undefined) entry.message = options.message;
    this.switches.push(entry);
  }

  /** Consumes one call of the first switch that matches this route (or every REST route). */
  take(route: MarketoRoute): ScenarioSwitch | undefined {
    const armed = this.switches.find(
      (entry) => entry.route === route || (entry.route === 'rest' && route !== 'identity'),
    );
    if (!armed) return undefined;
    if (armed.after > 0) {
      armed.after -= 1;

      return undefined;
    }
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.switches = this.switches.filter((other) => other !== armed);

    return { ...armed };
  }

  list(): ScenarioSwitch[] {
    return this.switches.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.switches = [];
  }
}
