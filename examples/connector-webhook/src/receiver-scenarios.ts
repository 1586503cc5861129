import type { Response } from 'express';

/** Routes a scenario switch can target; `any` matches every receiver call. */
export const RECEIVER_ROUTES = ['ping', 'schema', 'leads', 'any'] as const;

export type ReceiverRoute = (typeof RECEIVER_ROUTES)[number];

/**
 * What the next calls answer: `rate_limited` 429 with Retry-After; `unavailable` 503;
 * `server_error` 500; `bad_gateway` 502 with an HTML body; `secret_expired` 401.
 */
export const RECEIVER_FAILURES = [
  'rate_limited',
  'unavailable',
  'server_error',
  'bad_gateway',
  'secret_expired',
] as const;

export type ReceiverFailure = (typeof RECEIVER_FAILURES)[number];

export interface ScenarioSwitch {
  route: ReceiverRoute;
  kind: ReceiverFailure;
  remaining: number;
  /** Sent as Retry-After (seconds); `rate_limited` defaults to 1. */
  retryAfterSeconds?: number;
}

export function isReceiverRoute(value: unknown): value is ReceiverRoute {
  return RECEIVER_ROUTES.some((route) => route === value);
}

export function isReceiverFailure(value: unknown): value is ReceiverFailure {
  return RECEIVER_FAILURES.some((kind) => kind === value);
}

/** Armed "next N calls to a route answer X" switches, consumed in the order they were armed. */
export class ScenarioBook {
  private switches: ScenarioSwitch[] = [];

  arm(
    route: ReceiverRoute,
    count: number,
    kind: ReceiverFailure,
    retryAfterSeconds?: number,
  ): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be >= 1: ${count}`);
    if (retryAfterSeconds !== undefined && !(retryAfterSeconds >= 0)) {
      throw new RangeError(`retryAfterSeconds must be >= 0: ${retryAfterSeconds}`);
    }
    this.switches.push({
      route,
      kind,
      remaining: count,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
  }

  /** Consumes one switch armed for this route (or for every route). */
  take(route: ReceiverRoute): ScenarioSwitch | undefined {
    const armed = this.switches.find((entry) => entry.route === route || entry.route === 'any');
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.switches = this.switches.filter((entry) => entry !== armed);

    return { ...armed };
  }

  list(): ScenarioSwitch[] {
    return this.switches.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.switches = [];
  }
}

/** Answers a call the way an armed switch says. */
export function answerFailure(res: Response, armed: ScenarioSwitch): void {
  const retryAfter = armed.retryAfterSeconds ?? (armed.kind === 'rate_limited' ? 1 : undefined);
  if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
  switch (armed.kind) {
    case 'rate_limited':
      res.status(429).json({ error: { code: 'rate_limited', message: 'Too many requests' } });
      break;
    case 'unavailable':
      res.status(503).json({ error: { code: 'unavailable', message: 'Down for maintenance' } });
      break;
    case 'server_error':
      res.status(500).json({ error: { code: 'internal_error', message: 'Something broke' } });
      break;
    case 'bad_gateway':
      res.status(502).type('html').send('<html><body><h1>502 Bad Gateway</h1></body></html>');
      break;
    case 'secret_expired':
      res.status(401).json({ error: { code: 'secret_expired', message: 'The secret expired' } });
      break;
  }
}
