import type { ErrorCategory } from '@libs/connector-sdk';

import {
  failureFromBody,
  failureFromStandardError,
  failureFromThrown,
  mapHubSpotError,
  normaliseThrown,
  propertyErrorsOf,
} from './error-map';

/** The shape of the generated client's `ApiException`. */
function apiException(code: number, body: unknown, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`HTTP-Code: ${code}`), { code, body, headers });
}

function validationBody(error: string, name: string, message: string) {
  const inner = [{ isValid: false, message, error, name, localizedErrorMessage: message }];

  return {
    status: 'error',
    message: `Property values were not valid: ${JSON.stringify(inner)}`,
    correlationId: 'c0ffee00-0000-4000-8000-000000000000',
    category: 'VALIDATION_ERROR',
  };
}

const NOW = Date.parse('2026-03-10T22:00:00Z');
const UNTIL_MIDNIGHT = 2 * 60 * 60 * 1000;

describe('mapHubSpotError', () => {
  it.each<[string, number, unknown, ErrorCategory, string, boolean, number | undefined]>([
    [
      'PROPERTY_DOESNT_EXIST',
      400,
      validationBody('PROPERTY_DOESNT_EXIST', 'foo', 'Property "foo" does not exist'),
      'MISSING_REMOTE_FIELD',
      'PROPERTY_DOESNT_EXIST',
      false,
      undefined,
    ],
    [
      'READ_ONLY_VALUE',
      400,
      validationBody('READ_ONLY_VALUE', 'createdate', '"createdate" is a read only property'),
      'MISSING_REMOTE_FIELD',
      'READ_ONLY_VALUE',
      false,
      undefined,
    ],
    [
      'INVALID_OPTION',
      400,
      validationBody('INVALID_OPTION', 'lifecyclestage', 'Lead was not one of the allowed options'),
      'DATA_VALUE_VALIDATION',
      'INVALID_OPTION',
      false,
      undefined,
    ],
    [
      'INVALID_EMAIL',
      400,
      validationBody('INVALID_EMAIL', 'email', 'Email address example.lcom is invalid'),
      'DATA_VALUE_VALIDATION',
      'INVALID_EMAIL',
      false,
      undefined,
    ],
    [
      'a VALIDATION_ERROR without property errors',
      400,
      {
        status: 'error',
        message: 'Duplicate IDs found in batch input: [a@x.com]. IDs must be unique',
        category: 'VALIDATION_ERROR',
        context: { ids: ['a@x.com'] },
      },
      'DATA_VALUE_VALIDATION',
      'VALIDATION_ERROR',
      false,
      undefined,
    ],
    [
      'CONFLICT',
      409,
      {
        status: 'error',
        message: 'Contact already exists. Existing ID: 501',
        category: 'CONFLICT',
      },
      'DUPLICATE_BLOCKED',
      'CONFLICT',
      false,
      undefined,
    ],
    [
      'OBJECT_NOT_FOUND',
      404,
      { status: 'error', message: 'resource not found', category: 'OBJECT_NOT_FOUND' },
      'REMOTE_RECORD_NOT_FOUND',
      'OBJECT_NOT_FOUND',
      false,
      undefined,
    ],
    [
      'MISSING_SCOPES',
      403,
      { status: 'error', message: 'missing scopes', category: 'MISSING_SCOPES' },
      'PERMISSION_DENIED',
      'MISSING_SCOPES',
      false,
      undefined,
    ],
    [
      'EXPIRED_AUTHENTICATION (after a refresh)',
      401,
      {
        status: 'error',
        message: 'The OAuth token used to make this call expired 0 second(s) ago.',
        category: 'EXPIRED_AUTHENTICATION',
      },
      'AUTH_INVALID',
      'EXPIRED_AUTHENTICATION',
      false,
      undefined,
    ],
    [
      'INVALID_AUTHENTICATION',
      401,
      { status: 'error', message: 'credentials not found', category: 'INVALID_AUTHENTICATION' },
      'AUTH_INVALID',
      'INVALID_AUTHENTICATION',
      false,
      undefined,
    ],
    [
      'BAD_REFRESH_TOKEN',
      400,
      { status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token' },
      'AUTH_INVALID',
      'BAD_REFRESH_TOKEN',
      false,
      undefined,
    ],
    [
      'TEN_SECONDLY_ROLLING',
      429,
      {
        status: 'error',
        message: 'You have reached your ten_secondly_rolling limit.',
        errorType: 'RATE_LIMIT',
        policyName: 'TEN_SECONDLY_ROLLING',
      },
      'RATE_LIMITED',
      'TEN_SECONDLY_ROLLING',
      true,
      10_000,
    ],
    [
      'SECONDLY as captured (no policyName)',
      429,
      {
        status: 'error',
        message: 'You have reached your secondly limit.',
        correlationId: '19dab6f7-78b0-42b0-9ee1-a45d27c9c4da',
        category: 'RATE_LIMITS',
      },
      'RATE_LIMITED',
      'SECONDLY',
      true,
      1_000,
    ],
    [
      'DAILY',
      429,
      { status: 'error', message: 'You have reached your daily limit.', policyName: 'DAILY' },
      'RATE_LIMITED',
      'DAILY',
      true,
      UNTIL_MIDNIGHT,
    ],
    [
      '423 Locked',
      423,
      { status: 'error', message: 'locked', category: 'LOCKED' },
      'REMOTE_UNAVAILABLE',
      'LOCKED',
      true,
      2_000,
    ],
    [
      '477 migration in progress',
      477,
      { status: 'error', message: 'migrating' },
      'REMOTE_UNAVAILABLE',
      'HTTP_477',
      true,
      undefined,
    ],
    [
      '500 JSON',
      500,
      { status: 'error', message: 'internal error' },
      'REMOTE_UNAVAILABLE',
      'HTTP_500',
      true,
      undefined,
    ],
    [
      '502 Cloudflare HTML',
      502,
      '<html><head><title>502 Bad Gateway</title></head></html>',
      'REMOTE_UNAVAILABLE',
      'HTTP_502',
      true,
      undefined,
    ],
    ['524 timeout', 524, '', 'REMOTE_UNAVAILABLE', 'HTTP_524', true, undefined],
    [
      'an unknown 400',
      400,
      { status: 'error', message: 'something new' },
      'UNKNOWN',
      'HTTP_400',
      false,
      undefined,
    ],
  ])('maps %s (HTTP %s)', (_name, status, body, category, vendorCode, retryable, wait) => {
    const error = mapHubSpotError(failureFromBody(body, status), 'record', NOW);

    expect(error).toMatchObject({ category, vendorCode, retryable });
    expect(error.retryAfterMs).toBe(wait);
  });

  it('reports a validation failure by its first invalid property, verbatim', () => {
    const error = mapHubSpotError(
      failureFromBody(
        validationBody('INVALID_EMAIL', 'email', 'Email address 000 is invalid'),
        400,
      ),
    );

    expect(error).toEqual({
      category: 'DATA_VALUE_VALIDATION',
      vendorCode: 'INVALID_EMAIL',
      vendorMessage: 'Email address 000 is invalid',
      field: 'email',
      retryable: false,
    });
  });

  it('prefers Retry-After over the policy window', () => {
    const error = normaliseThrown(
      apiException(
        429,
        { status: 'error', message: 'x', policyName: 'TEN_SECONDLY_ROLLING' },
        { 'retry-after': '4' },
      ),
    );

    expect(error).toMatchObject({ category: 'RATE_LIMITED', retryAfterMs: 4000 });
  });

  it('maps a missing or refusing list to CAMPAIGN_LINK_INVALID in a campaign call', () => {
    const missing = failureFromBody(
      { status: 'error', message: 'List 9 does not exist.', category: 'OBJECT_NOT_FOUND' },
      404,
    );
    const dynamic = failureFromBody(
      { status: 'error', message: 'List 9 is DYNAMIC', category: 'VALIDATION_ERROR' },
      400,
    );

    expect(mapHubSpotError(missing, 'campaign').category).toBe('CAMPAIGN_LINK_INVALID');
    expect(mapHubSpotError(dynamic, 'campaign').category).toBe('CAMPAIGN_LINK_INVALID');
    expect(mapHubSpotError(missing, 'record').category).toBe('REMOTE_RECORD_NOT_FOUND');
  });
});

describe('propertyErrorsOf', () => {
  it('reads errors[] items with a code and a property name', () => {
    expect(
      propertyErrorsOf({
        message: 'Property values were not valid',
        errors: [
          {
            message: 'Property "foo" does not exist',
            code: 'PROPERTY_DOESNT_EXIST',
            context: { propertyName: ['foo'] },
          },
        ],
      }),
    ).toEqual([
      { code: 'PROPERTY_DOESNT_EXIST', name: 'foo', message: 'Property "foo" does not exist' },
    ]);
  });

  it('falls back to the JSON array embedded in the message', () => {
    const body = validationBody('INVALID_OPTION', 'hs_ticket_category', 'reports was not one of');

    expect(propertyErrorsOf(body)).toEqual([
      { code: 'INVALID_OPTION', name: 'hs_ticket_category', message: 'reports was not one of' },
    ]);
  });

  it('gives up on a message that is not HubSpot JSON', () => {
    expect(propertyErrorsOf({ message: 'Property values were not valid: [oops' })).toBeUndefined();
  });
});

describe('failureFromStandardError', () => {
  it('reads a 207 error item', () => {
    const failure = failureFromStandardError({
      category: 'VALIDATION_ERROR',
      message: validationBody('INVALID_EMAIL', 'email', 'Email address x is invalid').message,
      context: { objectWriteTraceId: ['3'] },
    });

    expect(mapHubSpotError(failure)).toMatchObject({
      category: 'DATA_VALUE_VALIDATION',
      vendorCode: 'INVALID_EMAIL',
      field: 'email',
    });
  });
});

describe('failureFromThrown', () => {
  it('treats socket errors as a retryable outage', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      name: 'FetchError',
      code: 'ECONNREFUSED',
    });

    expect(normaliseThrown(error)).toMatchObject({
      category: 'REMOTE_UNAVAILABLE',
      vendorCode: 'ECONNREFUSED',
      retryable: true,
    });
  });

  it('treats other fetch failures as a retryable outage', () => {
    const error = Object.assign(new Error('network timeout'), { name: 'FetchError' });

    expect(failureFromThrown(error)).toEqual({ code: 'NETWORK_ERROR', message: 'network timeout' });
  });

  it('falls back to UNKNOWN for anything else', () => {
    expect(normaliseThrown('weird')).toMatchObject({ category: 'UNKNOWN', vendorMessage: 'weird' });
    expect(normaliseThrown(new TypeError('bad'))).toMatchObject({
      category: 'UNKNOWN',
      vendorCode: 'TypeError',
    });
  });
});
