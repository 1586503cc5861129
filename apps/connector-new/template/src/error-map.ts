import {
  isConnectorError,
  normalisedError,
  parseRetryAfter,
  type ErrorCategory,
  type NormalisedError,
} from '@mobly/connector-sdk';

/** One failure: an error body, a per-record result, or a request that never landed. */
export interface SampleVendorFailure {
  /** The API's `error.code`, or a socket code (`ECONNREFUSED`) when it was not reached. */
  code: string;
  message: string;
  /** HTTP status of the response, or of the per-record result. */
  status?: number;
  field?: string;
  /** The `Retry-After` header, verbatim. */
  retryAfter?: string | null;
}

/** The API's documented error codes (README.md, "Errors"). */
const CATEGORY_BY_CODE: Readonly<Record<string, ErrorCategory>> = {
  invalid_client: 'AUTH_INVALID',
  invalid_token: 'AUTH_INVALID',
  token_expired: 'AUTH_INVALID',
  // Found by the connector before any call; the admin fixes the connection, the leads wait.
  missing_credentials: 'AUTH_INVALID',
  invalid_api_url: 'AUTH_INVALID',
  forbidden: 'PERMISSION_DENIED',
  unknown_field: 'MISSING_REMOTE_FIELD',
  read_only: 'MISSING_REMOTE_FIELD',
  required: 'REQUIRED_FIELD_MISSING',
  invalid_email: 'DATA_VALUE_VALIDATION',
  invalid_value: 'DATA_VALUE_VALIDATION',
  too_long: 'DATA_VALUE_VALIDATION',
  not_found: 'REMOTE_RECORD_NOT_FOUND',
  rate_limited: 'RATE_LIMITED',
  unavailable: 'REMOTE_UNAVAILABLE',
  internal_error: 'REMOTE_UNAVAILABLE',
  // The connector sent or received something the API does not allow: a bug, never retried.
  malformed_body: 'UNKNOWN',
  batch_too_large: 'UNKNOWN',
  unknown_object: 'UNKNOWN',
  malformed_response: 'UNKNOWN',
};

/** Failures below HTTP: the API was not reached or did not answer in time. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'TIMEOUT',
  'NETWORK_ERROR',
]);

function categoryOf(failure: SampleVendorFailure): ErrorCategory {
  const byCode = CATEGORY_BY_CODE[failure.code];
  if (byCode) return byCode;
  if (NETWORK_CODES.has(failure.code)) return 'REMOTE_UNAVAILABLE';

  const status = failure.status ?? 0;
  if (status === 401) return 'AUTH_INVALID';
  if (status === 403) return 'PERMISSION_DENIED';
  if (status === 408 || status >= 500) return 'REMOTE_UNAVAILABLE';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 400 || status === 422) return 'DATA_VALUE_VALIDATION';

  return 'UNKNOWN';
}

/** The one place Sample Vendor failures become the SDK's categories. */
export function mapSampleVendorError(failure: SampleVendorFailure): NormalisedError {
  const retryAfterMs = parseRetryAfter(failure.retryAfter);

  return normalisedError({
    category: categoryOf(failure),
    vendorCode: failure.code,
    vendorMessage: failure.message,
    ...(failure.field === undefined ? {} : { field: failure.field }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/** What `fetch` threw: a timeout, a socket error (`TypeError: fetch failed`), anything else. */
function failureFromThrown(thrown: unknown): SampleVendorFailure {
  // fetch's errors come from another realm under jest: read them by shape, not `instanceof`.
  if (typeof thrown !== 'object' || thrown === null) {
    return { code: 'UNKNOWN_ERROR', message: String(thrown) };
  }
  const name: unknown = Reflect.get(thrown, 'name');
  const message = String(Reflect.get(thrown, 'message') ?? thrown);
  if (name === 'TimeoutError' || name === 'AbortError') return { code: 'TIMEOUT', message };
  const cause: unknown = Reflect.get(thrown, 'cause');
  const code: unknown = typeof cause === 'object' && cause ? Reflect.get(cause, 'code') : undefined;
  if (typeof code === 'string') return { code, message };
  if (name === 'TypeError') return { code: 'NETWORK_ERROR', message };

  return { code: 'UNKNOWN_ERROR', message };
}

/** Normalises anything a call threw; a `ConnectorError` passes through unchanged. */
export function normaliseThrown(error: unknown): NormalisedError {
  if (isConnectorError(error)) return error.error;

  return mapSampleVendorError(failureFromThrown(error));
}
