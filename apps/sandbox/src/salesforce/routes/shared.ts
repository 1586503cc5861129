import type { NextFunction, Request, Response } from 'express';

import { SALESFORCE_API_VERSIONS } from '../constants';
import {
  bearerToken,
  NOT_FOUND,
  restError,
  sendCallFailure,
  sendErrors,
  sendInvalidSession,
} from '../http';
import type { SalesforceRecord } from '../records';
import type { SalesforceRoute } from '../scenarios';
import { resolveSObjectType, type SObjectType } from '../schema';
import type { SalesforceState } from '../state';

/** The `XX.X` of a `/services/data/vXX.X` path; empty when the segment is not a version. */
export function apiVersion(req: Request): string {
  const raw = req.params.version;
  const match = typeof raw === 'string' ? /^v(\d+\.\d)$/.exec(raw) : null;

  return match ? match[1] : '';
}

/** Route-level scenario switch: answers the armed failure instead of the route. */
export function scenario(state: SalesforceState, route: SalesforceRoute) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const failure = state.scenarios.takeCallFailure(route);
    if (failure) {
      sendCallFailure(res, failure);

      return;
    }
    next();
  };
}

/** Resolves `:type` to a supported sObject (as `res.locals.sobject`) or answers 404. */
export function sobjectParam(req: Request, res: Response, next: NextFunction): void {
  const type =
    typeof req.params.type === 'string' ? resolveSObjectType(req.params.type) : undefined;
  if (!type) {
    sendErrors(res, 404, NOT_FOUND);

    return;
  }
  res.locals.sobject = type;
  next();
}

export function sobjectOf(res: Response): SObjectType {
  const type: unknown = res.locals.sobject;
  const resolved = typeof type === 'string' ? resolveSObjectType(type) : undefined;
  if (!resolved) throw new Error('sobjectParam middleware did not run');

  return resolved;
}

/** Serialises a stored record the way the REST API returns it. */
export function recordBody(
  type: SObjectType,
  version: string,
  record: SalesforceRecord,
  fields: string[],
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    attributes: { type, url: `/services/data/v${version}/sobjects/${type}/${String(record.Id)}` },
  };
  for (const field of fields) body[field] = record[field] ?? null;

  return body;
}

/** Version gate, bearer-token check and API usage accounting for `/services/data/vXX.X/...`. */
export function dataApiGate(state: SalesforceState) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!SALESFORCE_API_VERSIONS.includes(apiVersion(req))) {
      sendErrors(res, 404, NOT_FOUND);

      return;
    }
    const limitInfo = () =>
      res.setHeader(
        'Sforce-Limit-Info',
        `api-usage=${state.apiUsage}/${state.settings.apiRequestLimit}`,
      );

    const token = bearerToken(req);
    if (token === undefined || !state.tokens.isAccessTokenValid(token)) {
      limitInfo();
      sendInvalidSession(res);

      return;
    }

    state.apiUsage += 1;
    limitInfo();
    if (state.apiUsage > state.settings.apiRequestLimit) {
      sendErrors(res, 403, restError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'));

      return;
    }
    if (state.inFlight >= state.settings.concurrentRequestLimit) {
      sendErrors(
        res,
        403,
        restError('REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.'),
      );

      return;
    }
    state.inFlight += 1;
    state.peakInFlight = Math.max(state.peakInFlight, state.inFlight);
    res.once('close', () => {
      state.inFlight -= 1;
    });
    next();
  };
}
