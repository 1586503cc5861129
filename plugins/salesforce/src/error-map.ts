import {
  isConnectorError,
  normalisedError,
  type ErrorCategory,
  type NormalisedError,
} from '@libs/connector-sdk';

/** One Salesforce failure, from a REST error body, a SaveResult error or the OAuth endpoint. */
export interface SalesforceFailure {
  /** `errorCode` (REST bodies), `statusCode` (Collections results) or the OAuth `error`. */
  code: string;
  /** The vendor's message, verbatim. */
  message: string;
  fields?: readonly string[];
  /** HTTP status when it is known. */
  httpStatus?: number;
}

/**
 * The one table that turns Salesforce codes into the SDK's categories. OAuth token-endpoint
 * errors (lower-case) all mean the grant is unusable and the user has to authorise again.
 */
const CATEGORY_BY_CODE: Readonly<Record<string, ErrorCategory>> = {
  REQUIRED_FIELD_MISSING: 'REQUIRED_FIELD_MISSING',
  STRING_TOO_LONG: 'DATA_VALUE_VALIDATION',
  INVALID_EMAIL_ADDRESS: 'DATA_VALUE_VALIDATION',
  INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: 'DATA_VALUE_VALIDATION',
  FIELD_CUSTOM_VALIDATION_EXCEPTION: 'DATA_VALUE_VALIDATION',
  INVALID_TYPE_ON_FIELD_IN_RECORD: 'DATA_VALUE_VALIDATION',
  FIELD_INTEGRITY_EXCEPTION: 'DATA_VALUE_VALIDATION',
  INVALID_FIELD: 'MISSING_REMOTE_FIELD',
  INVALID_FIELD_FOR_INSERT_UPDATE: 'MISSING_REMOTE_FIELD',
  DUPLICATES_DETECTED: 'DUPLICATE_BLOCKED',
  DUPLICATE_VALUE: 'DUPLICATE_BLOCKED',
  ENTITY_IS_DELETED: 'REMOTE_RECORD_NOT_FOUND',
  NOT_FOUND: 'REMOTE_RECORD_NOT_FOUND',
  INVALID_CROSS_REFERENCE_KEY: 'REMOTE_RECORD_NOT_FOUND',
  API_DISABLED_FOR_ORG: 'PERMISSION_DENIED',
  INVALID_SESSION_ID: 'AUTH_INVALID',
  SESSION_REFRESH_FAILED: 'AUTH_INVALID',
  MISSING_CREDENTIALS: 'AUTH_INVALID',
  invalid_grant: 'AUTH_INVALID',
  invalid_client: 'AUTH_INVALID',
  invalid_client_id: 'AUTH_INVALID',
  invalid_request: 'AUTH_INVALID',
  unsupported_grant_type: 'AUTH_INVALID',
  inactive_user: 'AUTH_INVALID',
  inactive_org: 'AUTH_INVALID',
  REQUEST_LIMIT_EXCEEDED: 'RATE_LIMITED',
  UNABLE_TO_LOCK_ROW: 'REMOTE_UNAVAILABLE',
  SERVER_UNAVAILABLE: 'REMOTE_UNAVAILABLE',
  UNKNOWN_EXCEPTION: 'REMOTE_UNAVAILABLE',
  ALL_OR_NONE_OPERATION_ROLLED_BACK: 'REMOTE_UNAVAILABLE',
  NETWORK_ERROR: 'REMOTE_UNAVAILABLE',
};

/** Socket-level failures (node-fetch `FetchError.code`) that mean Salesforce was not reached. */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOTFOUND',
  'ENETDOWN',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
]);

/** jsforce's message for a failed session refresh; the OAuth error code is lost by then. */
const REFRESH_FAILURE_PREFIX = 'Unable to refresh session due to: ';

function categoryOf(failure: SalesforceFailure): ErrorCategory {
  const byCode = CATEGORY_BY_CODE[failure.code];
  if (byCode) return byCode;
  if (failure.code.startsWith('INSUFFICIENT_ACCESS')) return 'PERMISSION_DENIED';
  if (NETWORK_CODES.has(failure.code)) return 'REMOTE_UNAVAILABLE';

  // jsforce names bodies it cannot read ERROR_HTTP_<status>.
  const status = failure.httpStatus ?? Number(/^ERROR_HTTP_(\d{3})$/.exec(failure.code)?.[1]);
  if (status === 401) return 'AUTH_INVALID';
  if (status === 403) return 'PERMISSION_DENIED';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500) return 'REMOTE_UNAVAILABLE';

  return 'UNKNOWN';
}

/** INVALID_FIELD names its field in the message only: "No such column 'Website' on sobject…". */
const NO_SUCH_COLUMN = /^No such column '([^']+)'/;

/** Maps a Salesforce failure onto the SDK's categories, keeping code, message and first field. */
export function mapSalesforceError(failure: SalesforceFailure): NormalisedError {
  const field =
    failure.fields?.find((name) => name !== '') ??
    (failure.code === 'INVALID_FIELD' ? NO_SUCH_COLUMN.exec(failure.message)?.[1] : undefined);

  return normalisedError({
    category: categoryOf(failure),
    vendorCode: failure.code,
    vendorMessage: failure.message,
    ...(field === undefined ? {} : { field }),
  });
}

/** A SaveResult error: the wire says `statusCode`, jsforce's types say `errorCode`. */
export interface SaveErrorLike {
  statusCode?: string;
  errorCode?: string;
  message: string;
  fields?: string[];
}

export function mapSaveError(error: SaveErrorLike): NormalisedError {
  return mapSalesforceError({
    code: error.statusCode ?? error.errorCode ?? 'UNKNOWN_ERROR',
    message: error.message,
    fields: error.fields,
  });
}

function stringProperty(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null || !(key in value)) return undefined;
  const property: unknown = Reflect.get(value, key);

  return typeof property === 'string' ? property : undefined;
}

function fieldsProperty(value: unknown): string[] | undefined {
  if (typeof value !== 'object' || value === null || !('fields' in value)) return undefined;
  const fields: unknown = value.fields;

  return Array.isArray(fields) ? fields.filter((item) => typeof item === 'string') : undefined;
}

/** Reads what jsforce (HttpApiError, OAuth errors, node-fetch errors) threw into a failure. */
export function failureFromThrown(error: unknown): SalesforceFailure {
  if (!(error instanceof Error)) return { code: 'UNKNOWN_ERROR', message: String(error) };

  const data: unknown = Reflect.get(error, 'data');
  const errorCode = stringProperty(error, 'errorCode');
  if (errorCode === 'MULTIPLE_API_ERRORS' && Array.isArray(data) && data.length > 0) {
    const first: unknown = data[0];

    return {
      code: stringProperty(first, 'errorCode') ?? errorCode,
      message: stringProperty(first, 'message') ?? error.message,
      fields: fieldsProperty(first),
    };
  }
  if (errorCode !== undefined) {
    return { code: errorCode, message: error.message, fields: fieldsProperty(data) };
  }

  // OAuth endpoint errors carry the OAuth `error` as the Error's name.
  if (error.name in CATEGORY_BY_CODE || /^ERROR_HTTP_\d{3}$/.test(error.name)) {
    return { code: error.name, message: error.message };
  }
  const socketCode = stringProperty(error, 'code');
  if (socketCode !== undefined && NETWORK_CODES.has(socketCode)) {
    return { code: socketCode, message: error.message };
  }
  if (error.name === 'FetchError' || error.name === 'AbortError') {
    return { code: 'NETWORK_ERROR', message: error.message };
  }
  if (error.message.startsWith(REFRESH_FAILURE_PREFIX)) {
    return { code: 'SESSION_REFRESH_FAILED', message: error.message };
  }

  return { code: error.name === 'Error' ? 'UNKNOWN_ERROR' : error.name, message: error.message };
}

/** Normalises anything a Salesforce call threw (a ConnectorError passes through unchanged). */
export function normaliseThrown(error: unknown): NormalisedError {
  if (isConnectorError(error)) return error.error;

  return mapSalesforceError(failureFromThrown(error));
}
