import type { ErrorCategory } from '@libs/connector-sdk';

import { failureFromThrown, fieldOf, isTokenRejection, mapMarketoError } from './error-map';
import { msUntilNextMidnight } from './quota-reset';

describe('mapMarketoError', () => {
  it.each<[string, number | undefined, ErrorCategory, boolean]>([
    ['502', undefined, 'REMOTE_UNAVAILABLE', true],
    ['600', undefined, 'AUTH_INVALID', false],
    ['601', undefined, 'AUTH_INVALID', false],
    ['602', undefined, 'AUTH_INVALID', false],
    ['603', undefined, 'PERMISSION_DENIED', false],
    ['604', undefined, 'REMOTE_UNAVAILABLE', true],
    ['605', undefined, 'UNKNOWN', false],
    ['606', undefined, 'RATE_LIMITED', true],
    ['607', undefined, 'RATE_LIMITED', true],
    ['608', undefined, 'REMOTE_UNAVAILABLE', true],
    ['609', undefined, 'UNKNOWN', false],
    ['610', undefined, 'UNKNOWN', false],
    ['611', undefined, 'REMOTE_UNAVAILABLE', true],
    ['612', undefined, 'UNKNOWN', false],
    ['614', undefined, 'REMOTE_UNAVAILABLE', true],
    ['615', undefined, 'RATE_LIMITED', true],
    ['616', undefined, 'PERMISSION_DENIED', false],
    ['701', undefined, 'REQUIRED_FIELD_MISSING', false],
    ['702', undefined, 'REMOTE_RECORD_NOT_FOUND', false],
    ['703', undefined, 'PERMISSION_DENIED', false],
    ['704', undefined, 'DATA_VALUE_VALIDATION', false],
    ['709', undefined, 'DATA_VALUE_VALIDATION', false],
    ['713', undefined, 'REMOTE_UNAVAILABLE', true],
    ['1001', undefined, 'DATA_VALUE_VALIDATION', false],
    ['1002', undefined, 'REQUIRED_FIELD_MISSING', false],
    ['1003', undefined, 'DATA_VALUE_VALIDATION', false],
    ['1004', undefined, 'REMOTE_RECORD_NOT_FOUND', false],
    ['1005', undefined, 'DUPLICATE_BLOCKED', false],
    ['1006', undefined, 'MISSING_REMOTE_FIELD', false],
    ['1007', undefined, 'DUPLICATE_BLOCKED', false],
    ['1008', undefined, 'PERMISSION_DENIED', false],
    ['1009', undefined, 'REQUIRED_FIELD_MISSING', false],
    ['1010', undefined, 'PERMISSION_DENIED', false],
    ['1011', undefined, 'MISSING_REMOTE_FIELD', false],
    ['1013', undefined, 'CAMPAIGN_LINK_INVALID', false],
    ['1015', undefined, 'REMOTE_RECORD_NOT_FOUND', false],
    ['1016', undefined, 'RATE_LIMITED', true],
    ['1017', undefined, 'DUPLICATE_BLOCKED', false],
    ['1021', undefined, 'PERMISSION_DENIED', false],
    ['1025', undefined, 'CAMPAIGN_LINK_INVALID', false],
    ['1029', undefined, 'RATE_LIMITED', true],
    ['1036', undefined, 'DUPLICATE_BLOCKED', false],
    ['1037', undefined, 'DUPLICATE_BLOCKED', false],
    ['invalid_client', 401, 'AUTH_INVALID', false],
    ['unauthorized', 401, 'AUTH_INVALID', false],
    ['MISSING_CREDENTIALS', undefined, 'AUTH_INVALID', false],
    ['INVALID_SETTINGS', undefined, 'AUTH_INVALID', false],
    ['MISSING_EMAIL', undefined, 'REQUIRED_FIELD_MISSING', false],
    ['INVALID_PROGRAM', undefined, 'CAMPAIGN_LINK_INVALID', false],
    ['MISSING_PROGRAM_STATUS', undefined, 'CAMPAIGN_LINK_INVALID', false],
    ['INVALID_LEAD_ID', undefined, 'REMOTE_RECORD_NOT_FOUND', false],
    ['IDENTITY_TOKEN_EXPIRING', undefined, 'REMOTE_UNAVAILABLE', true],
    ['INVALID_RESPONSE', undefined, 'REMOTE_UNAVAILABLE', true],
    ['ECONNREFUSED', undefined, 'REMOTE_UNAVAILABLE', true],
    ['UND_ERR_HEADERS_TIMEOUT', undefined, 'REMOTE_UNAVAILABLE', true],
    ['HTTP_401', 401, 'AUTH_INVALID', false],
    ['HTTP_403', 403, 'PERMISSION_DENIED', false],
    ['HTTP_413', 413, 'UNKNOWN', false],
    ['HTTP_414', 414, 'UNKNOWN', false],
    ['HTTP_429', 429, 'RATE_LIMITED', true],
    ['HTTP_503', 503, 'REMOTE_UNAVAILABLE', true],
    ['9999', undefined, 'UNKNOWN', false],
  ])('maps %s (HTTP %s) to %s', (code, httpStatus, category, retryable) => {
    const error = mapMarketoError({ code, message: 'vendor says no', httpStatus });

    expect(error).toMatchObject({
      category,
      retryable,
      vendorCode: code,
      vendorMessage: 'vendor says no',
    });
  });

  it('waits out the window named in a 606 message, else the documented 20 s', () => {
    const named = mapMarketoError({
      code: '606',
      message: "Max rate limit '100' exceeded with in '5' secs",
    });
    const unnamed = mapMarketoError({ code: '606', message: 'Max rate limit exceeded' });

    expect(named.retryAfterMs).toBe(5_000);
    expect(unnamed.retryAfterMs).toBe(20_000);
  });

  it('parks a 607 until midnight US Central', () => {
    const now = Date.parse('2026-01-16T00:00:00Z');

    const error = mapMarketoError({ code: '607', message: 'Daily quota reached' }, now);

    expect(error.retryAfterMs).toBe(msUntilNextMidnight('America/Chicago', now));
    expect(error.retryAfterMs).toBe(6 * 60 * 60 * 1000);
  });

  it('backs off briefly after a 615', () => {
    expect(
      mapMarketoError({ code: '615', message: 'Concurrent access limit reached' }).retryAfterMs,
    ).toBe(1_000);
  });

  it('keeps the field a record-level reason names', () => {
    expect(mapMarketoError({ code: '1006', message: "Field 'foo' not found" })).toEqual({
      category: 'MISSING_REMOTE_FIELD',
      vendorCode: '1006',
      vendorMessage: "Field 'foo' not found",
      field: 'foo',
      retryable: false,
    });
  });
});

describe('fieldOf', () => {
  it.each([
    ["Invalid value for field 'email_field' and value 'bademail'", 'email_field'],
    ["Invalid value for field 'boolean_field'", 'boolean_field'],
    ["Field 'foo' not found", 'foo'],
    ['Invalid fields [mktoName]', 'mktoName'],
    ['Lead already exists', undefined],
  ])('reads the field of %j', (message, field) => {
    expect(fieldOf(message)).toBe(field);
  });
});

describe('isTokenRejection', () => {
  it('replays after 601 and 602 only', () => {
    expect(['600', '601', '602', '603'].map(isTokenRejection)).toEqual([false, true, true, false]);
  });
});

describe('failureFromThrown', () => {
  it('keeps the socket code of a transport error, on the error or its cause', () => {
    const direct = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const wrapped = new Error('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } });

    expect(failureFromThrown(direct)).toEqual({
      code: 'ECONNREFUSED',
      message: 'connect ECONNREFUSED',
    });
    expect(failureFromThrown(wrapped).code).toBe('UND_ERR_SOCKET');
    expect(failureFromThrown(new Error('odd')).code).toBe('NETWORK_ERROR');
  });
});
