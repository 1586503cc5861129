import {
  isConnectorError,
  normalisedError,
  parseRetryAfter,
  type ErrorCategory,
  type NormalisedError,
} from '@mobly/connector-sdk';

/** One failure: a receiver's error body, a per-record result, or a request that never landed. */
export interface WebhookFailure {
  /** The receiver's `error.code`, or a socket code (`ECONNREFUSED`) when it was not reached. */
  code: string;
  message: string;
  /** HTTP status of the response, or of the per-record result. */
  status?: number;
  field?: string;
  /** The `Retry-After` header, verbatim. */
  retryAfter?: string | null;
}

/** The receiver's documented error codes (README.md, "Errors"). */
const CATEGORY_BY_CODE: Readonly<Record<string, ErrorCategory>> = {
  missing_signature: 'AUTH_INVALID',
  invalid_signature: 'AUTH_INVALID',
  stale_timestamp: 'AUTH_INVALID',
  secret_expired: 'AUTH_INVALID',
  // Found by the connector before any call; the admin fixes the connection, the leads wait.
  missing_secret: 'AUTH_INVALID',
  invalid_endpoint_url: 'AUTH_INVALID',
  forbidden: 'PERMISSION_DENIED',
  unknown_field: 'MISSING_REMOTE_FIELD',
  read_only: 'MISSING_REMOTE_FIELD',
  required: 'REQUIRED_FIELD_MISSING',
  invalid_email: 'DATA_VALUE_VALIDATION',
  invalid_type: 'DATA_VALUE_VALIDATION',
  too_long: 'DATA_VALUE_VALIDATION',
  not_found: 'REMOTE_RECORD_NOT_FOUND',
  rate_limited: 'RATE_LIMITED',
  unavailable: 'REMOTE_UNAVAILABLE',
  // The connector sent something the protocol does not allow: a bug, never retried.
  unsupported_version: 'UNKNOWN',
  malformed_body: 'UNKNOWN',
  batch_too_large: 'UNKNOWN',
  unknown_object: 'UNKNOWN',
  malformed_response: 'UNKNOWN',
};

/** Failures below HTTP: the receiver was not reached or did not answer in time. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'TIMEOUT',
  'NETWORK_ERROR',
]);

function categoryOf(failure: WebhookFailure): ErrorCategory {
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

/** The one place receiver failures become the SDK's categories. */
export function mapWebhookError(failure: WebhookFailure): NormalisedError {
  const retryAfterMs = parseRetryAfter(failure.retryAfter);

  return normalisedError({
    category: categoryOf(failure),
    vendorCode: failure.code,
    vendorMessage: failure.message,
    ...(failure.field === undefined ? {} : { field: failure.field }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

interface ThrownError {
  name: string;
  message: string;
  cause?: unknown;
}

/** An Error from any realm (fetch's errors are not `instanceof Error` inside a jest sandbox). */
function asError(value: unknown): ThrownError | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const name: unknown = Reflect.get(value, 'name');
  const message: unknown = Reflect.get(value, 'message');
  if (typeof name !== 'string' || typeof message !== 'string') return undefined;

  return { name, message, cause: Reflect.get(value, 'cause') };
}

function causeCode(error: ThrownError): string | undefined {
  const cause = error.cause;
  if (typeof cause !== 'object' || cause === null) return undefined;
  const code: unknown = Reflect.get(cause, 'code');

  return typeof code === 'string' ? code : undefined;
}

/** What `fetch` threw: a timeout, a socket error (`TypeError: fetch failed`), anything else. */
export function failureFromThrown(thrown: unknown): WebhookFailure {
  const error = asError(thrown);
  if (!error) return { code: 'UNKNOWN_ERROR', message: String(thrown) };
  if (error.name === 'TimeoutError' || error.name === 'AbortError') {
    return { code: 'TIMEOUT', message: error.message };
  }
  const code = causeCode(error);
  if (code !== undefined) return { code, message: error.message };
  if (error.name === 'TypeError') return { code: 'NETWORK_ERROR', message: error.message };

  return { code: 'UNKNOWN_ERROR', message: error.message };
}

/** Normalises anything a call threw; a `ConnectorError` passes through unchanged. */
export function normaliseThrown(error: unknown): NormalisedError {
  if (isConnectorError(error)) return error.error;

  return mapWebhookError(failureFromThrown(error));
}
