import type { Response } from 'express';

/** Marketo's header value on every JSON body, errors included. */
export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/** Response-level codes (HTTP 200, `success: false`) and the instance's messages for them. */
export const RESPONSE_ERRORS = {
  '502': 'Bad Gateway',
  '600': 'Empty access token',
  '601': 'Access token invalid',
  '602': 'Access token expired',
  '603': 'Access denied',
  '604': 'Request timed out',
  '605': 'HTTP Method not supported',
  '606': "Max rate limit '%s' exceeded with in '%s' secs",
  '607': 'Daily quota reached',
  '608': 'API Temporarily Unavailable',
  '609': 'Invalid JSON',
  '610': 'Requested resource not found',
  '611': 'System error',
  '612': 'Invalid Content Type',
  '614': 'Invalid Subscription',
  '615': 'Concurrent access limit reached',
  '616': 'Invalid subscription type',
  '713': 'Transient Error',
} as const;

export type ResponseErrorCode = keyof typeof RESPONSE_ERRORS;

export const RESPONSE_ERROR_CODES = Object.keys(RESPONSE_ERRORS) as ResponseErrorCode[];

/** One `{code, message}` of `errors[]` or of a record's `reasons[]`; codes are strings. */
export interface MarketoError {
  code: string;
  message: string;
}

export function marketoError(code: string, message: string): MarketoError {
  return { code, message };
}

/** The 606 message for a window: `Max rate limit '100' exceeded with in '20' secs`. */
export function rateLimitMessage(calls: number, windowSeconds: number): string {
  return `Max rate limit '${calls}' exceeded with in '${windowSeconds}' secs`;
}

export function responseError(code: ResponseErrorCode, message?: string): MarketoError {
  return marketoError(code, message ?? RESPONSE_ERRORS[code]);
}

/** Request ids look like `e42b#14272d07d78`: a per-instance counter and the time, in hex. */
export class RequestIds {
  private next = 0x1000;

  create(now: number): string {
    const id = `${this.next.toString(16)}#${now.toString(16)}`;
    this.next += 1;

    return id;
  }

  reset(): void {
    this.next = 0x1000;
  }
}

/** Sends a UTF-8 JSON body with Marketo's content type (Express would rewrite it). */
export function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status);
  res.setHeader('Content-Type', JSON_CONTENT_TYPE);
  res.send(Buffer.from(JSON.stringify(body), 'utf8'));
}

/** `{"requestId","result","success":true}`, plus `warnings` when there are some. */
export function sendResult(
  res: Response,
  requestId: string,
  result: unknown[],
  warnings: string[] = [],
): void {
  const body: Record<string, unknown> = { requestId, result, success: true };
  if (warnings.length > 0) body.warnings = warnings;
  sendJson(res, 200, body);
}

/** A response-level failure: HTTP 200, `success: false`, `errors[]`. */
export function sendErrors(res: Response, requestId: string, ...errors: MarketoError[]): void {
  res.locals.errorCode = errors[0]?.code;
  sendJson(res, 200, { requestId, success: false, errors });
}

/** HTTP-level failures (413, 414, 503) come from the web tier as HTML, not as envelopes. */
export function sendHtml(res: Response, status: number, title: string): void {
  res
    .status(status)
    .type('text/html; charset=UTF-8')
    .send(
      `<html><head><title>${status} ${title}</title></head><body><h1>${title}</h1></body></html>`,
    );
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
