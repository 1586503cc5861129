import { isConnectorError, type NormalisedError } from '@libs/connector-sdk';

import {
  legacyError,
  LegacyCallError,
  networkFailure,
  stringProperty,
  type LegacyFailure,
  type LegacyFailureKind,
} from '../errors';

/** Salesforce codes that mean the username, password or security token no longer work. */
const AUTH_CODES = new Set([
  'INVALID_LOGIN',
  'LOGIN_MUST_USE_SECURITY_TOKEN',
  'INVALID_OPERATION_WITH_EXPIRED_PASSWORD',
  'PASSWORD_LOCKOUT',
  'INVALID_SESSION_ID',
  'API_DISABLED_FOR_ORG',
  'API_CURRENTLY_DISABLED',
  'LOGIN_DURING_RESTRICTED_DOMAIN',
  'INACTIVE_USER',
  'MISSING_CREDENTIALS',
]);

const TRANSIENT_CODES = new Set([
  'UNABLE_TO_LOCK_ROW',
  'SERVER_UNAVAILABLE',
  'UNKNOWN_EXCEPTION',
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
]);

function kindOf(code: string): LegacyFailureKind {
  if (AUTH_CODES.has(code)) return 'auth';
  if (code === 'REQUEST_LIMIT_EXCEEDED') return 'rate_limited';
  if (TRANSIENT_CODES.has(code)) return 'transient';
  const status = /^ERROR_HTTP_(\d{3})$/.exec(code);
  if (status && Number(status[1]) >= 500) return 'transient';

  return 'permanent';
}

/** One Salesforce error (REST body, SaveResult error, SOAP fault) as a legacy failure. */
export function salesforceFailure(code: string, message: string, fields?: unknown): LegacyFailure {
  const field = Array.isArray(fields) && typeof fields[0] === 'string' ? fields[0] : undefined;

  return { kind: kindOf(code), code, message, ...(field === undefined ? {} : { field }) };
}

/** A per-record error of an sObject Collections answer. */
export function saveError(error: { statusCode?: string; message?: string; fields?: unknown }) {
  return legacyError(
    salesforceFailure(error.statusCode ?? 'UNKNOWN_ERROR', error.message ?? '', error.fields),
  );
}

/**
 * What jsforce threw: a REST error (`errorCode`), a SOAP login fault (`INVALID_LOGIN: …` as the
 * message), a socket failure, or anything else.
 */
export function failureFromThrown(error: unknown): LegacyFailure {
  if (!(error instanceof Error)) {
    return { kind: 'permanent', code: 'UNKNOWN_ERROR', message: String(error) };
  }
  const data: unknown = Reflect.get(error, 'data');
  const errorCode = stringProperty(error, 'errorCode');
  if (errorCode === 'MULTIPLE_API_ERRORS' && Array.isArray(data) && data.length > 0) {
    const first: unknown = data[0];

    return salesforceFailure(
      stringProperty(first, 'errorCode') ?? errorCode,
      stringProperty(first, 'message') ?? error.message,
    );
  }
  if (errorCode !== undefined) {
    return salesforceFailure(errorCode, error.message, stringProperty(data, 'fields'));
  }
  const network = networkFailure(error);
  if (network) return network;
  // SOAP faults come out as `CODE: message`.
  const fault = /^([A-Z][A-Z_]+): (.*)$/s.exec(error.message);
  if (fault) return salesforceFailure(fault[1], error.message);
  if (error.message.startsWith('Unable to login because the used password has expired')) {
    return {
      kind: 'auth',
      code: 'INVALID_OPERATION_WITH_EXPIRED_PASSWORD',
      message: error.message,
    };
  }

  return {
    kind: 'permanent',
    code: error.name === 'Error' ? 'UNKNOWN_ERROR' : error.name,
    message: error.message,
  };
}

export function toCallError(error: unknown): LegacyCallError {
  if (error instanceof LegacyCallError) return error;
  if (isConnectorError(error)) {
    return new LegacyCallError(
      {
        kind:
          error.category === 'AUTH_INVALID'
            ? 'auth'
            : error.error.retryable
              ? 'transient'
              : 'permanent',
        code: error.error.vendorCode,
        message: error.error.vendorMessage,
      },
      { cause: error },
    );
  }

  return new LegacyCallError(failureFromThrown(error), { cause: error });
}

export function normaliseThrown(error: unknown): NormalisedError {
  return toCallError(error).error;
}
