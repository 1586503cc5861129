import type { Request, Response } from 'express';

import type { CallFailureKind } from './scenarios';

/** Salesforce's own header value; jsforce picks its parser from it. */
export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/** A REST error body element: `[{"message","errorCode","fields"?}]`. */
export interface RestError {
  message: string;
  errorCode: string;
  fields?: string[];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sends a JSON body with the exact content type Salesforce uses (Express would rewrite it). */
export function sendJsonText(res: Response, status: number, json: string): void {
  res.status(status);
  res.setHeader('Content-Type', JSON_CONTENT_TYPE);
  res.send(Buffer.from(json, 'utf8'));
}

export function sendJson(res: Response, status: number, body: unknown): void {
  sendJsonText(res, status, JSON.stringify(body));
}

export function sendErrors(res: Response, status: number, ...errors: RestError[]): void {
  sendJson(res, status, errors);
}

export function restError(errorCode: string, message: string, fields?: string[]): RestError {
  return fields === undefined ? { message, errorCode } : { message, errorCode, fields };
}

export const NOT_FOUND: RestError = restError('NOT_FOUND', 'The requested resource does not exist');

/** The sandbox's own base URL as the client reached it. */
export function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

export function bearerToken(req: Request): string | undefined {
  const match = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');

  return match ? match[1] : undefined;
}

export function sendInvalidSession(res: Response): void {
  sendErrors(res, 401, restError('INVALID_SESSION_ID', 'Session expired or invalid'));
}

/** Answers a request with an armed call-level failure. */
export function sendCallFailure(res: Response, kind: CallFailureKind): void {
  switch (kind) {
    case 'SERVER_UNAVAILABLE':
      sendErrors(
        res,
        503,
        restError(
          'SERVER_UNAVAILABLE',
          'Server is temporarily unavailable. Please try again later.',
        ),
      );

      return;
    case 'UNKNOWN_EXCEPTION':
      sendErrors(
        res,
        500,
        restError(
          'UNKNOWN_EXCEPTION',
          'An unexpected error occurred. Please include this ErrorId if you contact support: 1948622186-125904 (-1137297531)',
        ),
      );

      return;
    case 'REQUEST_LIMIT_EXCEEDED':
      sendErrors(res, 403, restError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'));

      return;
    case 'INVALID_SESSION_ID':
      sendInvalidSession(res);

      return;
  }
}
