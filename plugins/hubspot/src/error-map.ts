import {
  ConnectorError,
  isConnectorError,
  normalisedError,
  parseRetryAfter,
  type ErrorCategory,
  type NormalisedError,
} from '@libs/connector-sdk';

/** One invalid property inside a `VALIDATION_ERROR`. */
export interface PropertyError {
  /** `PROPERTY_DOESNT_EXIST`, `INVALID_OPTION`, `INVALID_EMAIL`, `READ_ONLY_VALUE`… */
  code: string;
  /** The property's internal name. */
  name: string;
  message: string;
}

/** One HubSpot failure: a thrown `ApiException`, a 207 error item, a token-endpoint refusal. */
export interface HubSpotFailure {
  /**
   * The most precise code HubSpot gave: the 429 policy name, the body's `category`, the token
   * endpoint's `status` (`BAD_REFRESH_TOKEN`), `HTTP_<status>` for a non-JSON body, or a socket
   * error code.
   */
  code: string;
  /** The vendor's message, verbatim. */
  message: string;
  httpStatus?: number;
  /** From `Retry-After`, when HubSpot sent one. */
  retryAfterMs?: number;
  /** The invalid properties of a `VALIDATION_ERROR`, in HubSpot's order. */
  propertyErrors?: PropertyError[];
}

/** Lists are the campaigns of this connector: a list HubSpot refuses is a broken campaign link. */
export type MappingContext = 'record' | 'campaign';

/**
 * The one table that turns HubSpot codes into the SDK's categories. A 401 reaches it only
 * after the session refreshed the token and HubSpot refused the new one, or the refresh
 * itself failed, so both 401 categories mean the grant is unusable.
 */
const CATEGORY_BY_CODE: Readonly<Record<string, ErrorCategory>> = {
  PROPERTY_DOESNT_EXIST: 'MISSING_REMOTE_FIELD',
  // The property exists but only HubSpot writes it: the mapping must target another one.
  READ_ONLY_VALUE: 'MISSING_REMOTE_FIELD',
  INVALID_OPTION: 'DATA_VALUE_VALIDATION',
  INVALID_EMAIL: 'DATA_VALUE_VALIDATION',
  INVALID_INTEGER: 'DATA_VALUE_VALIDATION',
  INVALID_FLOAT: 'DATA_VALUE_VALIDATION',
  INVALID_LONG: 'DATA_VALUE_VALIDATION',
  INVALID_DATE: 'DATA_VALUE_VALIDATION',
  INVALID_DATETIME: 'DATA_VALUE_VALIDATION',
  INVALID_BOOLEAN: 'DATA_VALUE_VALIDATION',
  VALIDATION_ERROR: 'DATA_VALUE_VALIDATION',
  CONFLICT: 'DUPLICATE_BLOCKED',
  OBJECT_NOT_FOUND: 'REMOTE_RECORD_NOT_FOUND',
  MISSING_SCOPES: 'PERMISSION_DENIED',
  EXPIRED_AUTHENTICATION: 'AUTH_INVALID',
  INVALID_AUTHENTICATION: 'AUTH_INVALID',
  BAD_REFRESH_TOKEN: 'AUTH_INVALID',
  BAD_CLIENT_ID: 'AUTH_INVALID',
  BAD_CLIENT_SECRET: 'AUTH_INVALID',
  BAD_AUTH_CODE: 'AUTH_INVALID',
  BAD_GRANT_TYPE: 'AUTH_INVALID',
  BAD_REDIRECT_URI: 'AUTH_INVALID',
  MISSING_CREDENTIALS: 'AUTH_INVALID',
  TEN_SECONDLY_ROLLING: 'RATE_LIMITED',
  SECONDLY: 'RATE_LIMITED',
  DAILY: 'RATE_LIMITED',
  RATE_LIMITS: 'RATE_LIMITED',
  LOCKED: 'REMOTE_UNAVAILABLE',
  MIGRATION_IN_PROGRESS: 'REMOTE_UNAVAILABLE',
  NETWORK_ERROR: 'REMOTE_UNAVAILABLE',
};

/** In a campaign (list) call, a missing or refusing list is the campaign link, not the record. */
const CAMPAIGN_CATEGORY_BY_CODE: Readonly<Record<string, ErrorCategory>> = {
  OBJECT_NOT_FOUND: 'CAMPAIGN_LINK_INVALID',
  VALIDATION_ERROR: 'CAMPAIGN_LINK_INVALID',
};

/** Socket-level failures (node-fetch `FetchError.code`) that mean HubSpot was not reached. */
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
]);

/** The wait a policy implies when HubSpot sends no `Retry-After`. */
const WAIT_BY_CODE: Readonly<Record<string, number>> = {
  TEN_SECONDLY_ROLLING: 10_000,
  RATE_LIMITS: 10_000,
  SECONDLY: 1_000,
  // HubSpot: wait at least 2 seconds before retrying a locked record.
  LOCKED: 2_000,
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The 429 search bodies HubSpot sends carry no `policyName`; this message is how the client
 * library itself recognises them.
 */
const SECONDLY_MESSAGE = 'You have reached your secondly limit.';

function categoryOf(failure: HubSpotFailure, code: string, context: MappingContext) {
  const byCode =
    (context === 'campaign' ? CAMPAIGN_CATEGORY_BY_CODE[code] : undefined) ??
    CATEGORY_BY_CODE[code];
  if (byCode) return byCode;
  if (NETWORK_CODES.has(code)) return 'REMOTE_UNAVAILABLE';

  const status = failure.httpStatus;
  if (status === undefined) return 'UNKNOWN';
  if (status === 401) return 'AUTH_INVALID';
  if (status === 403) return 'PERMISSION_DENIED';
  if (status === 404)
    return context === 'campaign' ? 'CAMPAIGN_LINK_INVALID' : 'REMOTE_RECORD_NOT_FOUND';
  if (status === 409) return 'DUPLICATE_BLOCKED';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 423 || status === 477 || status >= 500) return 'REMOTE_UNAVAILABLE';

  return 'UNKNOWN';
}

/** Daily limits reset at midnight in the account's time zone; UTC midnight is the estimate. */
function untilNextDay(now: number): number {
  return (Math.floor(now / DAY_MS) + 1) * DAY_MS - now;
}

/**
 * Maps a HubSpot failure onto the SDK's categories. A validation failure is reported by its
 * first invalid property (code, message and field); a rate limit carries its wait.
 */
export function mapHubSpotError(
  failure: HubSpotFailure,
  context: MappingContext = 'record',
  now = Date.now(),
): NormalisedError {
  const property = failure.propertyErrors?.[0];
  const code = property?.code ?? failure.code;
  const category = categoryOf(failure, code, context);
  const wait = failure.retryAfterMs ?? (code === 'DAILY' ? untilNextDay(now) : WAIT_BY_CODE[code]);

  return normalisedError({
    category,
    vendorCode: code,
    vendorMessage: property?.message ?? failure.message,
    ...(property ? { field: property.name } : {}),
    ...(category === 'RATE_LIMITED' || category === 'REMOTE_UNAVAILABLE'
      ? wait === undefined
        ? {}
        : { retryAfterMs: wait }
      : {}),
  });
}

/** A whole HubSpot call failed; keeps the parsed failure for callers that split batches. */
export class HubSpotError extends ConnectorError {
  constructor(
    readonly failure: HubSpotFailure,
    options: { cause?: unknown; context?: MappingContext } = {},
  ) {
    super(mapHubSpotError(failure, options.context), { cause: options.cause });
    this.name = 'HubSpotError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(value: unknown, key: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];

  return typeof field === 'string' ? field : undefined;
}

const VALIDATION_PREFIX = 'Property values were not valid: ';

/**
 * The invalid properties of a validation body: `errors[]` items with a `code` and
 * `context.propertyName`, else the JSON array HubSpot embeds in the message.
 */
export function propertyErrorsOf(body: unknown): PropertyError[] | undefined {
  if (!isRecord(body)) return undefined;
  const fromDetails: PropertyError[] = [];
  for (const detail of Array.isArray(body.errors) ? body.errors : []) {
    const code = stringField(detail, 'code');
    const context = isRecord(detail) ? detail.context : undefined;
    const names = isRecord(context) ? context.propertyName : undefined;
    const name = Array.isArray(names) && typeof names[0] === 'string' ? names[0] : undefined;
    const message = stringField(detail, 'message');
    if (code && name && message !== undefined) fromDetails.push({ code, name, message });
  }
  if (fromDetails.length > 0) return fromDetails;

  const message = stringField(body, 'message');
  if (!message?.startsWith(VALIDATION_PREFIX)) return undefined;
  let embedded: unknown;
  try {
    embedded = JSON.parse(message.slice(VALIDATION_PREFIX.length));
  } catch {
    return undefined;
  }
  if (!Array.isArray(embedded)) return undefined;
  const items: unknown[] = embedded;
  const fromMessage = items.flatMap((item): PropertyError[] => {
    const code = stringField(item, 'error');
    const name = stringField(item, 'name');
    const text = stringField(item, 'message');

    return code && name && text !== undefined ? [{ code, name, message: text }] : [];
  });

  return fromMessage.length > 0 ? fromMessage : undefined;
}

/** Reads a JSON error body (CRM `category`, OAuth `status`, 429 `policyName`) into a failure. */
export function failureFromBody(
  body: unknown,
  httpStatus?: number,
  retryAfterMs?: number,
): HubSpotFailure {
  const base: Pick<HubSpotFailure, 'httpStatus' | 'retryAfterMs'> = {};
  if (httpStatus !== undefined) base.httpStatus = httpStatus;
  if (retryAfterMs !== undefined) base.retryAfterMs = retryAfterMs;

  if (typeof body === 'string' || !isRecord(body)) {
    const text = typeof body === 'string' ? body.replace(/<[^>]*>/g, ' ') : '';
    const message = text.replace(/\s+/g, ' ').trim().slice(0, 300);

    return { ...base, code: `HTTP_${httpStatus ?? 0}`, message: message || `HTTP ${httpStatus}` };
  }

  const message = stringField(body, 'message') ?? `HTTP ${httpStatus}`;
  const policy =
    stringField(body, 'policyName') ??
    (httpStatus === 429 && message === SECONDLY_MESSAGE ? 'SECONDLY' : undefined);
  const status = stringField(body, 'status');
  const code =
    policy ??
    stringField(body, 'category') ??
    (status && status !== 'error' ? status : `HTTP_${httpStatus ?? 0}`);
  const failure: HubSpotFailure = { ...base, code, message };
  const propertyErrors = code === 'VALIDATION_ERROR' ? propertyErrorsOf(body) : undefined;
  if (propertyErrors) failure.propertyErrors = propertyErrors;

  return failure;
}

/** A 207 error item (`StandardError`): `category`, `message`, `context`, `errors[]`. */
export interface StandardErrorLike {
  category: string;
  message: string;
  context?: Record<string, string[]>;
  errors?: Array<{ message: string; code?: string; context?: Record<string, string[]> }>;
}

export function failureFromStandardError(error: StandardErrorLike): HubSpotFailure {
  const failure: HubSpotFailure = {
    code: error.category || 'UNKNOWN_ERROR',
    message: error.message,
  };
  const propertyErrors =
    error.category === 'VALIDATION_ERROR'
      ? propertyErrorsOf({ message: error.message, errors: error.errors })
      : undefined;
  if (propertyErrors) failure.propertyErrors = propertyErrors;

  return failure;
}

/** The shape of the generated client's `ApiException` (one class per generated module). */
interface ApiExceptionLike {
  code: number;
  body: unknown;
  headers: Record<string, string>;
}

function isApiException(error: unknown): error is ApiExceptionLike {
  return (
    error instanceof Error &&
    typeof Reflect.get(error, 'code') === 'number' &&
    'body' in error &&
    isRecord(Reflect.get(error, 'headers'))
  );
}

/** Reads whatever `@hubspot/api-client` (or node-fetch under it) threw into a failure. */
export function failureFromThrown(error: unknown): HubSpotFailure {
  if (isApiException(error)) {
    const retryAfter = error.headers['retry-after'];

    return failureFromBody(
      error.body,
      error.code,
      parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : undefined),
    );
  }
  if (!(error instanceof Error)) return { code: 'UNKNOWN_ERROR', message: String(error) };

  const socketCode = stringField(error, 'code');
  if (socketCode !== undefined && NETWORK_CODES.has(socketCode)) {
    return { code: socketCode, message: error.message };
  }
  if (error.name === 'FetchError' || error.name === 'AbortError') {
    return { code: 'NETWORK_ERROR', message: error.message };
  }

  return { code: error.name === 'Error' ? 'UNKNOWN_ERROR' : error.name, message: error.message };
}

/** A `ConnectorError` for anything a HubSpot call threw (a ConnectorError passes through). */
export function toConnectorError(
  error: unknown,
  context: MappingContext = 'record',
): ConnectorError {
  if (isConnectorError(error)) return error;

  return new HubSpotError(failureFromThrown(error), { cause: error, context });
}

/** Normalises anything a HubSpot call threw. */
export function normaliseThrown(error: unknown): NormalisedError {
  return toConnectorError(error).error;
}
