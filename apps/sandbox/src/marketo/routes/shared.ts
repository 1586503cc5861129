import { setTimeout as sleep } from 'node:timers/promises';

import type { NextFunction, Request, Response } from 'express';

import { MAX_URI_BYTES } from '../constants';
import {
  isRecord,
  rateLimitMessage,
  responseError,
  sendErrors,
  sendHtml,
  type MarketoError,
  type ResponseErrorCode,
} from '../envelope';
import { isIdentityFailure, type ScenarioSwitch } from '../scenarios';
import type { MarketoState } from '../state';
import { routeOf } from './paths';

/** Requests whose method was switched from POST to GET by `_method=GET`. */
const overridden = new WeakSet<Request>();

/** True for `POST …?_method=GET`, Marketo's way around the 8 KB URI limit. */
export function isGetOverride(req: Request): boolean {
  return (
    overridden.has(req) ||
    (req.method === 'POST' && rawQuery(req).get('_method')?.toUpperCase() === 'GET')
  );
}

/** Routes a `POST …?_method=GET` as the GET it stands for. */
export function applyGetOverride(req: Request): void {
  if (!isGetOverride(req)) return;
  overridden.add(req);
  req.method = 'GET';
}

/** The full request path, wherever the router handling it is mounted. */
export function pathOf(req: Request): string {
  return new URL(req.originalUrl, 'http://sandbox.invalid').pathname;
}

function rawQuery(req: Request): URLSearchParams {
  const url = req.originalUrl;
  const start = url.indexOf('?');

  return new URLSearchParams(start < 0 ? '' : url.slice(start + 1));
}

/**
 * Query parameters as the instance decodes them: `%2B` is a plus sign and a raw `+` a space.
 * With `_method=GET` the form body's parameters count too.
 */
export function requestParams(req: Request): URLSearchParams {
  const params = rawQuery(req);
  if (isGetOverride(req) && typeof req.body === 'string') {
    for (const [name, value] of new URLSearchParams(req.body)) params.append(name, value);
  }

  return params;
}

/** The JSON body when it is an object, else an empty one. */
export function jsonBody(req: Request): Record<string, unknown> {
  const body: unknown = req.body;

  return isRecord(body) ? body : {};
}

export function bearerToken(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');

  return match ? match[1] : undefined;
}

/** The request id of this exchange, created once. */
export function requestIdOf(state: MarketoState, res: Response): string {
  const existing: unknown = res.locals.requestId;
  if (typeof existing === 'string') return existing;
  const id = state.requestId();
  res.locals.requestId = id;

  return id;
}

export function fail(state: MarketoState, res: Response, ...errors: MarketoError[]): void {
  sendErrors(res, requestIdOf(state, res), ...errors);
}

/** The response-level error an armed switch answers with (and its effect on the token). */
function armedError(
  state: MarketoState,
  armed: ScenarioSwitch,
  token: string,
): MarketoError | undefined {
  if (isIdentityFailure(armed.kind)) return undefined;
  const code: ResponseErrorCode = armed.kind;
  if (code === '601') state.tokens.revoke(token);
  if (code === '602') state.tokens.expire(token);
  if (armed.message !== undefined) return responseError(code, armed.message);
  if (code === '606') {
    const { rateLimitCalls, rateWindowMs } = state.settings;

    return responseError(code, rateLimitMessage(rateLimitCalls, Math.round(rateWindowMs / 1000)));
  }

  return responseError(code);
}

/**
 * Everything a REST call passes before its route: URI length (414), the access token (600,
 * 601, 602), the daily quota, rate window and concurrency (607, 606, 615), then any armed
 * scenario switch. The `access_token` query parameter was removed on 2026-08-31; the sandbox
 * refuses it even next to a header, so a client still sending it fails loudly.
 */
export function restGate(state: MarketoState) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (Buffer.byteLength(req.originalUrl, 'utf8') > MAX_URI_BYTES) {
      sendHtml(res, 414, 'Request-URI Too Long');

      return;
    }
    if (rawQuery(req).has('access_token')) return fail(state, res, responseError('601'));
    const token = bearerToken(req);
    if (token === undefined) return fail(state, res, responseError('600'));
    const tokenState = state.tokens.state(token);
    if (tokenState === 'invalid') return fail(state, res, responseError('601'));
    if (tokenState === 'expired') return fail(state, res, responseError('602'));

    const refused = state.usage.admit(state.clock.now(), state.settings);
    if (refused) return fail(state, res, refused);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      state.usage.release();
    };
    res.once('finish', release);
    res.once('close', release);

    if (state.settings.responseDelayMs > 0) await sleep(state.settings.responseDelayMs);

    const method = isGetOverride(req) ? 'GET' : req.method;
    const route = routeOf(method, pathOf(req));
    const armed = route ? state.scenarios.take(route) : state.scenarios.take('rest');
    const error = armed ? armedError(state, armed, token) : undefined;
    if (error) return fail(state, res, error);

    next();
  };
}
