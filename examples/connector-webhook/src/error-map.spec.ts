import { ConnectorError, type ErrorCategory } from '@mobly/connector-sdk';

import { failureFromThrown, mapWebhookError, normaliseThrown } from './error-map';

describe('mapWebhookError', () => {
  it.each<[string, number | undefined, ErrorCategory, boolean]>([
    ['missing_signature', 401, 'AUTH_INVALID', false],
    ['invalid_signature', 401, 'AUTH_INVALID', false],
    ['stale_timestamp', 401, 'AUTH_INVALID', false],
    ['secret_expired', 401, 'AUTH_INVALID', false],
    ['missing_secret', undefined, 'AUTH_INVALID', false],
    ['invalid_endpoint_url', undefined, 'AUTH_INVALID', false],
    ['HTTP_401', 401, 'AUTH_INVALID', false],
    ['forbidden', 403, 'PERMISSION_DENIED', false],
    ['HTTP_403', 403, 'PERMISSION_DENIED', false],
    ['unknown_field', 400, 'MISSING_REMOTE_FIELD', false],
    ['read_only', 400, 'MISSING_REMOTE_FIELD', false],
    ['required', 400, 'REQUIRED_FIELD_MISSING', false],
    ['invalid_email', 400, 'DATA_VALUE_VALIDATION', false],
    ['invalid_type', 400, 'DATA_VALUE_VALIDATION', false],
    ['too_long', 400, 'DATA_VALUE_VALIDATION', false],
    ['some_new_rule', 400, 'DATA_VALUE_VALIDATION', false],
    ['some_new_rule', 422, 'DATA_VALUE_VALIDATION', false],
    ['not_found', 404, 'REMOTE_RECORD_NOT_FOUND', false],
    ['rate_limited', 429, 'RATE_LIMITED', true],
    ['HTTP_429', 429, 'RATE_LIMITED', true],
    ['unavailable', 503, 'REMOTE_UNAVAILABLE', true],
    ['internal_error', 500, 'REMOTE_UNAVAILABLE', true],
    ['HTTP_502', 502, 'REMOTE_UNAVAILABLE', true],
    ['HTTP_504', 504, 'REMOTE_UNAVAILABLE', true],
    ['HTTP_408', 408, 'REMOTE_UNAVAILABLE', true],
    ['ECONNREFUSED', undefined, 'REMOTE_UNAVAILABLE', true],
    ['ECONNRESET', undefined, 'REMOTE_UNAVAILABLE', true],
    ['ENOTFOUND', undefined, 'REMOTE_UNAVAILABLE', true],
    ['TIMEOUT', undefined, 'REMOTE_UNAVAILABLE', true],
    ['NETWORK_ERROR', undefined, 'REMOTE_UNAVAILABLE', true],
    ['unsupported_version', 400, 'UNKNOWN', false],
    ['malformed_body', 400, 'UNKNOWN', false],
    ['batch_too_large', 413, 'UNKNOWN', false],
    ['unknown_object', 404, 'UNKNOWN', false],
    ['malformed_response', 200, 'UNKNOWN', false],
    ['missing_result', 200, 'UNKNOWN', false],
    ['HTTP_404', 404, 'UNKNOWN', false],
    ['HTTP_409', 409, 'UNKNOWN', false],
  ])('maps %s (HTTP %s) to %s', (code, status, category, retryable) => {
    const error = mapWebhookError({ code, message: 'receiver says no', status });

    expect(error).toMatchObject({ category, retryable, vendorCode: code });
  });

  it('keeps the receiver code, the verbatim message and the field', () => {
    expect(
      mapWebhookError({
        code: 'invalid_email',
        message: 'email is not a valid email address: "bertha-at-fcof.net"',
        status: 400,
        field: 'email',
      }),
    ).toEqual({
      category: 'DATA_VALUE_VALIDATION',
      vendorCode: 'invalid_email',
      vendorMessage: 'email is not a valid email address: "bertha-at-fcof.net"',
      field: 'email',
      retryable: false,
    });
  });

  it.each([
    ['12', 12_000],
    ['0.5', 500],
  ])('reads Retry-After %s as %i ms', (retryAfter, retryAfterMs) => {
    expect(
      mapWebhookError({ code: 'rate_limited', message: 'slow down', status: 429, retryAfter }),
    ).toMatchObject({ category: 'RATE_LIMITED', retryable: true, retryAfterMs });
  });

  it('reads a Retry-After date on an outage', () => {
    const at = new Date(Date.now() + 60_000).toUTCString();
    const error = mapWebhookError({
      code: 'unavailable',
      message: 'upkeep',
      status: 503,
      retryAfter: at,
    });

    expect(error.retryAfterMs).toBeGreaterThan(55_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('leaves retryAfterMs and field out when the receiver sends neither', () => {
    const error = mapWebhookError({ code: 'unavailable', message: 'x', status: 503 });

    expect(error).not.toHaveProperty('retryAfterMs');
    expect(error).not.toHaveProperty('field');
  });
});

describe('failureFromThrown', () => {
  it.each<[string, unknown, string]>([
    [
      'a timeout',
      new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      'TIMEOUT',
    ],
    ['an abort', new DOMException('This operation was aborted', 'AbortError'), 'TIMEOUT'],
    [
      'a refused connection',
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
      }),
      'ECONNREFUSED',
    ],
    ['a socket failure without a code', new TypeError('fetch failed'), 'NETWORK_ERROR'],
    ['another error', new RangeError('odd'), 'UNKNOWN_ERROR'],
    ['a thrown string', 'boom', 'UNKNOWN_ERROR'],
  ])('recognises %s', (_what, thrown, code) => {
    expect(failureFromThrown(thrown).code).toBe(code);
  });
});

describe('normaliseThrown', () => {
  it('passes a ConnectorError through unchanged', () => {
    const error = new ConnectorError({
      category: 'RATE_LIMITED',
      vendorCode: 'rate_limited',
      vendorMessage: 'slow down',
      retryAfterMs: 3_000,
    });

    expect(normaliseThrown(error)).toBe(error.error);
  });

  it('turns an unreachable receiver into a retryable REMOTE_UNAVAILABLE', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });

    expect(normaliseThrown(refused)).toMatchObject({
      category: 'REMOTE_UNAVAILABLE',
      vendorCode: 'ECONNREFUSED',
      retryable: true,
    });
  });
});
