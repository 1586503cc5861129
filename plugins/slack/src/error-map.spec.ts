import { ConnectorError, ERROR_CATEGORIES, type ErrorCategory } from '@libs/connector-sdk';
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';

import { failureFromThrown, mapSlackError, normaliseThrown, SLACK_ERROR_TABLE } from './error-map';

describe('mapSlackError', () => {
  it.each<[string, number | undefined, ErrorCategory, boolean]>([
    ['channel_not_found', 200, 'REMOTE_RECORD_NOT_FOUND', false],
    ['is_archived', 200, 'REMOTE_RECORD_NOT_FOUND', false],
    ['not_in_channel', 200, 'PERMISSION_DENIED', false],
    ['missing_scope', 200, 'PERMISSION_DENIED', false],
    ['no_permission', 200, 'PERMISSION_DENIED', false],
    ['restricted_action', 200, 'PERMISSION_DENIED', false],
    ['not_authed', 200, 'AUTH_INVALID', false],
    ['invalid_auth', 200, 'AUTH_INVALID', false],
    ['account_inactive', 200, 'AUTH_INVALID', false],
    ['token_revoked', 200, 'AUTH_INVALID', false],
    ['token_expired', 200, 'AUTH_INVALID', false],
    ['invalid_refresh_token', 200, 'AUTH_INVALID', false],
    ['bad_client_secret', 200, 'AUTH_INVALID', false],
    ['msg_too_long', 200, 'DATA_VALUE_VALIDATION', false],
    ['no_text', 200, 'DATA_VALUE_VALIDATION', false],
    ['invalid_blocks', 200, 'DATA_VALUE_VALIDATION', false],
    ['invalid_blocks_format', 200, 'DATA_VALUE_VALIDATION', false],
    ['too_many_attachments', 200, 'DATA_VALUE_VALIDATION', false],
    ['ratelimited', 429, 'RATE_LIMITED', true],
    ['rate_limited', 429, 'RATE_LIMITED', true],
    ['fatal_error', 200, 'REMOTE_UNAVAILABLE', true],
    ['internal_error', 200, 'REMOTE_UNAVAILABLE', true],
    ['service_unavailable', 503, 'REMOTE_UNAVAILABLE', true],
    ['request_timeout', 200, 'REMOTE_UNAVAILABLE', true],
    ['http_502', 502, 'REMOTE_UNAVAILABLE', true],
    ['invalid_auth', 500, 'REMOTE_UNAVAILABLE', true],
    ['request_error', undefined, 'REMOTE_UNAVAILABLE', true],
    ['http_429', 429, 'RATE_LIMITED', true],
    ['http_404', 404, 'UNKNOWN', false],
    ['something_new', 200, 'UNKNOWN', false],
  ])('maps %s (HTTP %s) to %s', (code, httpStatus, category, retryable) => {
    const error = mapSlackError({ code, httpStatus });

    expect(error).toMatchObject({ category, retryable, vendorCode: code });
    expect(error.vendorMessage).not.toBe('');
  });

  it('takes every retry decision from the category', () => {
    for (const [code, rule] of Object.entries(SLACK_ERROR_TABLE)) {
      expect([code, mapSlackError({ code }).retryable]).toEqual([
        code,
        ERROR_CATEGORIES[rule.category].retryable,
      ]);
    }
  });

  it('names the scope that is missing and the ones granted', () => {
    const error = mapSlackError({
      code: 'missing_scope',
      needed: 'chat:write',
      provided: 'channels:read,groups:read',
    });

    expect(error.vendorMessage).toContain(
      'Needed: chat:write; granted: channels:read,groups:read.',
    );
  });

  it('keeps the Block Kit problems Slack listed and names the blocks field', () => {
    const error = mapSlackError({
      code: 'invalid_blocks',
      messages: ['[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]'],
    });

    expect(error).toMatchObject({ field: 'blocks', category: 'DATA_VALUE_VALIDATION' });
    expect(error.vendorMessage).toContain('[json-pointer:/blocks/0/text/text]');
  });

  it('turns Retry-After seconds into retryAfterMs', () => {
    expect(mapSlackError({ code: 'ratelimited', retryAfterSeconds: 3 }).retryAfterMs).toBe(3000);
    expect(mapSlackError({ code: 'ratelimited' })).not.toHaveProperty('retryAfterMs');
  });
});

describe('failureFromThrown', () => {
  it('reads an ok:false answer with its extra fields', () => {
    const result = {
      ok: false,
      error: 'missing_scope',
      needed: 'chat:write',
      provided: 'channels:read',
      response_metadata: { messages: ['[ERROR] something'] },
    };

    expect(failureFromThrown(new WebAPIPlatformError(result))).toEqual({
      code: 'missing_scope',
      httpStatus: 200,
      needed: 'chat:write',
      provided: 'channels:read',
      messages: ['[ERROR] something'],
    });
  });

  it('reads a rejected 429 with its Retry-After', () => {
    expect(failureFromThrown(new WebAPIRateLimitedError(7))).toEqual({
      code: 'ratelimited',
      httpStatus: 429,
      retryAfterSeconds: 7,
    });
  });

  it('reads the error code of a 5xx JSON body, and the status of an HTML one', () => {
    const json = new WebAPIHTTPError(
      503,
      'Service Unavailable',
      {},
      '{"ok":false,"error":"service_unavailable"}',
    );
    const html = new WebAPIHTTPError(502, 'Bad Gateway', {}, '<html>502 Bad Gateway</html>');

    expect(failureFromThrown(json)).toEqual({ code: 'service_unavailable', httpStatus: 503 });
    expect(failureFromThrown(html)).toEqual({ code: 'http_502', httpStatus: 502 });
  });

  it('reads a network failure and a 429 without a readable Retry-After', () => {
    const network = new WebAPIRequestError(new Error('connect ECONNREFUSED 127.0.0.1:9'));
    const noHeader = new Error(
      'Retry header did not contain a valid timeout (url: x, retry-after header: null)',
    );

    expect(normaliseThrown(network)).toMatchObject({
      category: 'REMOTE_UNAVAILABLE',
      vendorCode: 'request_error',
      retryable: true,
    });
    expect(normaliseThrown(noHeader)).toMatchObject({ category: 'RATE_LIMITED', retryable: true });
  });
});

describe('normaliseThrown', () => {
  it('names the channel in errors about the channel', () => {
    const error = normaliseThrown(new WebAPIPlatformError({ ok: false, error: 'is_archived' }), {
      channel: 'C07EXPO2024',
    });

    expect(error).toEqual({
      category: 'REMOTE_RECORD_NOT_FOUND',
      vendorCode: 'is_archived',
      vendorMessage: 'The channel is archived. Channel: C07EXPO2024.',
      field: 'channel',
      retryable: false,
    });
  });

  it('passes a ConnectorError through and falls back to UNKNOWN', () => {
    const connectorError = new ConnectorError({
      category: 'AUTH_INVALID',
      vendorCode: 'MISSING_CREDENTIALS',
      vendorMessage: 'Missing Slack credentials: botToken',
    });

    expect(normaliseThrown(connectorError)).toBe(connectorError.error);
    expect(normaliseThrown('weird')).toMatchObject({
      category: 'UNKNOWN',
      vendorCode: 'UNKNOWN_ERROR',
    });
    expect(normaliseThrown(new TypeError('bad'))).toMatchObject({ vendorCode: 'TypeError' });
  });
});
