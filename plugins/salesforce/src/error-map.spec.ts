import type { ErrorCategory } from '@libs/connector-sdk';

import { failureFromThrown, mapSalesforceError, mapSaveError, normaliseThrown } from './error-map';

describe('mapSalesforceError', () => {
  it.each<[string, number | undefined, ErrorCategory, boolean]>([
    ['REQUIRED_FIELD_MISSING', 400, 'REQUIRED_FIELD_MISSING', false],
    ['STRING_TOO_LONG', 400, 'DATA_VALUE_VALIDATION', false],
    ['INVALID_EMAIL_ADDRESS', 400, 'DATA_VALUE_VALIDATION', false],
    ['INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 400, 'DATA_VALUE_VALIDATION', false],
    ['FIELD_CUSTOM_VALIDATION_EXCEPTION', 400, 'DATA_VALUE_VALIDATION', false],
    ['INVALID_TYPE_ON_FIELD_IN_RECORD', 400, 'DATA_VALUE_VALIDATION', false],
    ['FIELD_INTEGRITY_EXCEPTION', 400, 'DATA_VALUE_VALIDATION', false],
    ['INVALID_FIELD', 400, 'MISSING_REMOTE_FIELD', false],
    ['INVALID_FIELD_FOR_INSERT_UPDATE', 400, 'MISSING_REMOTE_FIELD', false],
    ['DUPLICATES_DETECTED', 400, 'DUPLICATE_BLOCKED', false],
    ['DUPLICATE_VALUE', 400, 'DUPLICATE_BLOCKED', false],
    ['ENTITY_IS_DELETED', 404, 'REMOTE_RECORD_NOT_FOUND', false],
    ['INVALID_CROSS_REFERENCE_KEY', 400, 'REMOTE_RECORD_NOT_FOUND', false],
    ['NOT_FOUND', 404, 'REMOTE_RECORD_NOT_FOUND', false],
    ['INSUFFICIENT_ACCESS_OR_READONLY', 400, 'PERMISSION_DENIED', false],
    ['INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY', 400, 'PERMISSION_DENIED', false],
    ['API_DISABLED_FOR_ORG', 403, 'PERMISSION_DENIED', false],
    ['INVALID_SESSION_ID', 401, 'AUTH_INVALID', false],
    ['invalid_grant', 400, 'AUTH_INVALID', false],
    ['invalid_client', 400, 'AUTH_INVALID', false],
    ['SESSION_REFRESH_FAILED', undefined, 'AUTH_INVALID', false],
    ['REQUEST_LIMIT_EXCEEDED', 403, 'RATE_LIMITED', true],
    ['UNABLE_TO_LOCK_ROW', 400, 'REMOTE_UNAVAILABLE', true],
    ['SERVER_UNAVAILABLE', 503, 'REMOTE_UNAVAILABLE', true],
    ['UNKNOWN_EXCEPTION', 500, 'REMOTE_UNAVAILABLE', true],
    ['ALL_OR_NONE_OPERATION_ROLLED_BACK', 200, 'REMOTE_UNAVAILABLE', true],
    ['ERROR_HTTP_502', undefined, 'REMOTE_UNAVAILABLE', true],
    ['ERROR_HTTP_504', undefined, 'REMOTE_UNAVAILABLE', true],
    ['SOMETHING_NEW', 502, 'REMOTE_UNAVAILABLE', true],
    ['ECONNREFUSED', undefined, 'REMOTE_UNAVAILABLE', true],
    ['ECONNRESET', undefined, 'REMOTE_UNAVAILABLE', true],
    ['NETWORK_ERROR', undefined, 'REMOTE_UNAVAILABLE', true],
    ['MALFORMED_ID', 400, 'UNKNOWN', false],
    ['CANNOT_UPDATE_CONVERTED_LEAD', 400, 'UNKNOWN', false],
    ['SOMETHING_NEW', 400, 'UNKNOWN', false],
  ])('maps %s (HTTP %s) to %s', (code, httpStatus, category, retryable) => {
    const error = mapSalesforceError({ code, message: 'vendor says no', httpStatus });

    expect(error).toMatchObject({ category, retryable, vendorCode: code });
  });

  it('keeps the vendor code, the verbatim message and the first field', () => {
    const message = `Company: data value too large: ${'x'.repeat(300)} (max length=255)`;

    const error = mapSalesforceError({
      code: 'STRING_TOO_LONG',
      message,
      fields: ['Company', 'Name'],
    });

    expect(error).toEqual({
      category: 'DATA_VALUE_VALIDATION',
      vendorCode: 'STRING_TOO_LONG',
      vendorMessage: message,
      field: 'Company',
      retryable: false,
    });
  });

  it('leaves the field out when Salesforce names none', () => {
    expect(
      mapSalesforceError({ code: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }),
    ).not.toHaveProperty('field');
  });
});

describe('mapSaveError', () => {
  it('reads statusCode (the wire) and errorCode (the jsforce type)', () => {
    const fromWire = mapSaveError({
      statusCode: 'REQUIRED_FIELD_MISSING',
      message: 'Required fields are missing: [Company]',
      fields: ['Company'],
    });
    const fromType = mapSaveError({
      errorCode: 'DUPLICATE_VALUE',
      message: 'duplicate value found',
    });

    expect(fromWire).toMatchObject({ category: 'REQUIRED_FIELD_MISSING', field: 'Company' });
    expect(fromType).toMatchObject({
      category: 'DUPLICATE_BLOCKED',
      vendorCode: 'DUPLICATE_VALUE',
    });
  });
});

describe('normaliseThrown', () => {
  /** The shape of jsforce's (unexported) HttpApiError. */
  function httpApiError(errorCode: string, message: string, data: unknown): Error {
    return Object.assign(new Error(message), { name: errorCode, errorCode, data });
  }

  it('reads errorCode, message and fields of a REST error', () => {
    const error = httpApiError('INVALID_FIELD', "No such column 'Foo' on entity 'Lead'", {
      errorCode: 'INVALID_FIELD',
      message: "No such column 'Foo' on entity 'Lead'",
      fields: ['Foo'],
    });

    expect(normaliseThrown(error)).toMatchObject({
      category: 'MISSING_REMOTE_FIELD',
      vendorCode: 'INVALID_FIELD',
      field: 'Foo',
    });
  });

  it('reads the field of an INVALID_FIELD from its message when the error lists none', () => {
    const error = httpApiError(
      'INVALID_FIELD',
      "No such column 'Website' on sobject of type Lead",
      [{ errorCode: 'INVALID_FIELD', message: "No such column 'Website' on sobject of type Lead" }],
    );

    expect(normaliseThrown(error)).toMatchObject({
      category: 'MISSING_REMOTE_FIELD',
      vendorCode: 'INVALID_FIELD',
      field: 'Website',
    });
  });

  it('uses the first error of MULTIPLE_API_ERRORS', () => {
    const error = httpApiError('MULTIPLE_API_ERRORS', 'Multiple errors returned.', [
      { errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' },
      { errorCode: 'UNKNOWN_EXCEPTION', message: 'boom' },
    ]);

    expect(normaliseThrown(error)).toMatchObject({
      category: 'RATE_LIMITED',
      vendorMessage: 'TotalRequests Limit exceeded.',
    });
  });

  it('treats a failed session refresh as AUTH_INVALID', () => {
    const error = new Error('Unable to refresh session due to: expired access/refresh token');

    expect(normaliseThrown(error)).toMatchObject({
      category: 'AUTH_INVALID',
      vendorCode: 'SESSION_REFRESH_FAILED',
      vendorMessage: 'Unable to refresh session due to: expired access/refresh token',
    });
  });

  it('reads the OAuth error code jsforce puts in the name', () => {
    const error = Object.assign(new Error('expired access/refresh token'), {
      name: 'invalid_grant',
    });

    expect(failureFromThrown(error)).toEqual({
      code: 'invalid_grant',
      message: 'expired access/refresh token',
    });
  });

  it('treats socket errors as a retryable outage', () => {
    const error = Object.assign(
      new Error('request to http://x failed, reason: connect ECONNREFUSED'),
      {
        name: 'FetchError',
        code: 'ECONNREFUSED',
      },
    );

    expect(normaliseThrown(error)).toMatchObject({
      category: 'REMOTE_UNAVAILABLE',
      vendorCode: 'ECONNREFUSED',
      retryable: true,
    });
  });

  it('falls back to UNKNOWN for anything else', () => {
    expect(normaliseThrown('weird')).toMatchObject({ category: 'UNKNOWN', vendorMessage: 'weird' });
    expect(normaliseThrown(new TypeError('bad'))).toMatchObject({
      category: 'UNKNOWN',
      vendorCode: 'TypeError',
    });
  });
});
