import { randomUUID } from 'node:crypto';

import type { NextFunction, Request, RequestHandler, Response } from 'express';

import { HUBSPOT_APP, HUBSPOT_PORTAL } from '../constants';
import { bearerToken, sendError, sendJson } from '../http';
import { resolveObjectType, type HubSpotObjectType } from '../objects';
import type { RatePolicy } from '../rate-limit';
import { isHubSpotRoute, isWriteRoute, type ArmedFailure, type HubSpotRoute } from '../scenarios';
import type { HubSpotState } from '../state';

const INVALID_AUTHENTICATION_MESSAGE =
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';

const CLOUDFLARE_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n';

export function sendExpired(res: Response, expiredAt: number, now: number): void {
  const seconds = Math.max(0, Math.floor((now - expiredAt) / 1000));
  sendError(
    res,
    401,
    'EXPIRED_AUTHENTICATION',
    `The OAuth token used to make this call expired ${seconds} second(s) ago.`,
    { context: { 'expire time': [new Date(expiredAt).toISOString()] } },
  );
}

export function sendInvalidAuthentication(res: Response): void {
  sendError(res, 401, 'INVALID_AUTHENTICATION', INVALID_AUTHENTICATION_MESSAGE);
}

function defaultRetryAfterMs(policy: RatePolicy, state: HubSpotState): number {
  if (policy === 'SECONDLY') return 1000;
  if (policy === 'TEN_SECONDLY_ROLLING') return state.settings.windowMs;
  const day = 24 * 60 * 60 * 1000;
  const now = state.clock.now();

  return (Math.floor(now / day) + 1) * day - now;
}

/** A 429 with the body HubSpot sends for the policy that was exceeded. */
export function sendRateLimited(
  res: Response,
  policy: RatePolicy,
  retryAfterMs: number | undefined,
): void {
  if (retryAfterMs !== undefined) {
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  }
  if (policy === 'SECONDLY') {
    sendError(res, 429, 'RATE_LIMITS', 'You have reached your secondly limit.');

    return;
  }
  const daily = policy === 'DAILY';
  sendError(
    res,
    429,
    'RATE_LIMITS',
    daily
      ? 'You have reached your daily limit.'
      : 'You have reached your ten_secondly_rolling limit.',
    {
      errorType: 'RATE_LIMIT',
      policyName: policy,
      groupName: daily
        ? `publicapi:oauth-daily:${HUBSPOT_PORTAL.id}`
        : `publicapi:oauth:${HUBSPOT_APP.id}:${HUBSPOT_PORTAL.id}`,
    },
  );
}

/** Answers a request with an armed failure. */
export function sendArmedFailure(res: Response, failure: ArmedFailure, state: HubSpotState): void {
  const retryAfterMs =
    failure.retryAfterSeconds === undefined ? undefined : failure.retryAfterSeconds * 1000;
  switch (failure.kind) {
    case 'TEN_SECONDLY_ROLLING':
    case 'SECONDLY':
    case 'DAILY':
      sendRateLimited(
        res,
        failure.kind,
        retryAfterMs ??
          (state.settings.retryAfterOnRateLimit
            ? defaultRetryAfterMs(failure.kind, state)
            : undefined),
      );

      return;
    case 'EXPIRED_AUTHENTICATION':
      sendExpired(res, state.clock.now(), state.clock.now());

      return;
    case 'INVALID_AUTHENTICATION':
      sendInvalidAuthentication(res);

      return;
    case 'MISSING_SCOPES':
      sendError(
        res,
        403,
        'MISSING_SCOPES',
        "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
        {
          errors: [
            {
              message: 'One or more of the following scopes are required.',
              context: { requiredGranularScopes: ['crm.objects.contacts.write'] },
            },
          ],
          links: { scopes: 'https://developers.hubspot.com/scopes' },
        },
      );

      return;
    case 'CONFLICT': {
      const existing = state.records.list('contacts')[0]?.id ?? '1001';
      sendError(res, 409, 'CONFLICT', `Contact already exists. Existing ID: ${existing}`);

      return;
    }
    case 'INTERNAL_ERROR':
      sendError(res, 500, undefined, 'internal error');

      return;
    case 'BAD_GATEWAY':
      res.status(502).type('text/html; charset=UTF-8').send(CLOUDFLARE_502);

      return;
    case 'LOCKED':
      sendError(
        res,
        423,
        'LOCKED',
        'The record is locked while a high-volume operation runs; retry after at least 2 seconds.',
      );

      return;
    case 'MIGRATION_IN_PROGRESS':
      res.setHeader('Retry-After', String(failure.retryAfterSeconds ?? 30));
      sendError(
        res,
        477,
        'MIGRATION_IN_PROGRESS',
        'This account is being migrated between data centers; retry after the Retry-After delay.',
      );

      return;
    case 'BAD_REFRESH_TOKEN':
      sendJson(res, 400, badRefreshToken());

      return;
  }
}

export function badRefreshToken(): Record<string, string> {
  return {
    status: 'BAD_REFRESH_TOKEN',
    message: 'missing or invalid refresh token',
    correlationId: randomUUID(),
  };
}

type RouteResolver = HubSpotRoute | ((type: HubSpotObjectType) => HubSpotRoute);

/** The object type a `:objectType` route resolved, set by `crmRoute`. */
export function objectTypeOf(res: Response): HubSpotObjectType {
  const raw: unknown = res.locals.objectType;
  const type = typeof raw === 'string' ? resolveObjectType(raw) : undefined;
  if (!type) throw new Error('crmRoute did not resolve an object type');

  return type;
}

export function routeOf(res: Response): HubSpotRoute | undefined {
  const route: unknown = res.locals.route;

  return isHubSpotRoute(route) ? route : undefined;
}

/**
 * The checks every CRM call passes before its handler, in HubSpot's order: the object type of
 * the path, the bearer token (401 by token state), the rate limits (429), then any armed
 * scenario switch for the route.
 */
export function crmRoute(state: HubSpotState, resolver: RouteResolver): RequestHandler[] {
  const resolve = (req: Request, res: Response, next: NextFunction): void => {
    if (typeof resolver === 'string') {
      res.locals.route = resolver;
      next();

      return;
    }
    const raw = typeof req.params.objectType === 'string' ? req.params.objectType : '';
    const type = resolveObjectType(raw);
    if (!type) {
      sendError(res, 400, 'VALIDATION_ERROR', `Unable to infer object type from: ${raw}`);

      return;
    }
    res.locals.objectType = type;
    res.locals.route = resolver(type);
    next();
  };

  const authenticate = (req: Request, res: Response, next: NextFunction): void => {
    const route = routeOf(res);
    if (route && isWriteRoute(route)) state.tokens.beforeWrite();
    const token = state.tokens.stateOf(bearerToken(req));
    if (token.state === 'expired') return sendExpired(res, token.expiredAt, state.clock.now());
    if (token.state === 'invalid') return sendInvalidAuthentication(res);
    next();
  };

  const limit = (_req: Request, res: Response, next: NextFunction): void => {
    const route = routeOf(res);
    const kind = route?.endsWith('.search') ? 'search' : 'standard';
    const decision = state.rateLimiter.admit(kind);
    for (const [name, value] of Object.entries(decision.headers)) res.setHeader(name, value);
    if (!decision.ok) {
      const retryAfter = state.settings.retryAfterOnRateLimit ? decision.retryAfterMs : undefined;

      return sendRateLimited(res, decision.policy, retryAfter);
    }
    state.tokens.countAuthenticatedRequest();
    next();
  };

  const scenario = (_req: Request, res: Response, next: NextFunction): void => {
    const route = routeOf(res);
    const failure = route ? state.scenarios.take(route) : undefined;
    if (failure) return sendArmedFailure(res, failure, state);
    next();
  };

  return [resolve, authenticate, limit, scenario];
}

/** A path parameter as a single string. */
export function pathParam(req: Request, name: string): string {
  const value: unknown = req.params[name];

  return typeof value === 'string' ? value : '';
}
