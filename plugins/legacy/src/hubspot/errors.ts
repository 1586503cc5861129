import { isConnectorError, parseRetryAfter, type NormalisedError } from '@libs/connector-sdk';

import {
  isRecord,
  legacyError,
  LegacyCallError,
  networkFailure,
  stringProperty,
  type LegacyFailure,
} from '../errors';

/** The default waits of HubSpot's rate-limit policies when it sends no `Retry-After`. */
const WAIT_BY_POLICY: Readonly<Record<string, number>> = {
  TEN_SECONDLY_ROLLING: 10_000,
  SECONDLY: 1_000,
};

export interface HubSpotFailure extends LegacyFailure {
  httpStatus?: number;
  /** The invalid properties of a validation answer, by name. */
  properties?: Array<{ code: string; name: string; message: string }>;
}

/** The invalid properties HubSpot names in `errors[]` (`code`, `context.propertyName`). */
function propertiesOf(body: unknown): HubSpotFailure['properties'] {
  if (!isRecord(body) || !Array.isArray(body.errors)) return undefined;
  const found = (body.errors as unknown[]).flatMap((item) => {
    const code = stringProperty(item, 'code');
    const context = isRecord(item) ? item.context : undefined;
    const names = isRecord(context) ? context.propertyName : undefined;
    const name = Array.isArray(names) && typeof names[0] === 'string' ? names[0] : undefined;
    const message = stringProperty(item, 'message');

    return code && name && message !== undefined ? [{ code, name, message }] : [];
  });

  return found.length > 0 ? found : undefined;
}

/** A HubSpot error body (thrown as `ApiException`, or a 207 error item) as a legacy failure. */
export function failureFromBody(
  body: unknown,
  httpStatus?: number,
  retryAfterMs?: number,
): HubSpotFailure {
  const status = httpStatus ?? 0;
  if (!isRecord(body)) {
    const text = typeof body === 'string' ? body.replace(/<[^>]*>/g, ' ') : '';
    const message = text.replace(/\s+/g, ' ').trim().slice(0, 300) || `HTTP ${status}`;

    return {
      kind: status >= 500 || status === 423 || status === 477 ? 'transient' : 'permanent',
      code: `HTTP_${status}`,
      message,
      httpStatus: status,
    };
  }
  const message = stringProperty(body, 'message') ?? `HTTP ${status}`;
  const policy = stringProperty(body, 'policyName');
  const category = stringProperty(body, 'category');
  const code = policy ?? category ?? `HTTP_${status}`;
  const properties = propertiesOf(body);
  const first = properties?.[0];
  const failure: HubSpotFailure = {
    kind: 'permanent',
    code: first?.code ?? code,
    message: first?.message ?? message,
    ...(first ? { field: first.name } : {}),
    ...(properties ? { properties } : {}),
    ...(httpStatus === undefined ? {} : { httpStatus }),
  };
  if (status === 401) failure.kind = 'auth';
  else if (status === 429) {
    failure.kind = 'rate_limited';
    const wait = retryAfterMs ?? WAIT_BY_POLICY[code];
    if (wait !== undefined) failure.retryAfterMs = wait;
  } else if (status >= 500 || status === 423 || status === 477) {
    failure.kind = 'transient';
    if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
  }

  return failure;
}

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

/** Whatever `@hubspot/api-client` threw, as a legacy failure. */
export function failureFromThrown(error: unknown): HubSpotFailure {
  if (isApiException(error)) {
    const retryAfter = error.headers['retry-after'];

    return failureFromBody(
      error.body,
      error.code,
      parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : undefined),
    );
  }
  const network = networkFailure(error);
  if (network) return network;
  const message = error instanceof Error ? error.message : String(error);

  return { kind: 'permanent', code: 'UNKNOWN_ERROR', message };
}

/** A whole HubSpot call failed; keeps the failure for callers that split batches. */
export class HubSpotCallError extends LegacyCallError {
  constructor(
    override readonly failure: HubSpotFailure,
    options?: { cause?: unknown },
  ) {
    super(failure, options);
    this.name = 'HubSpotCallError';
  }
}

export function toCallError(error: unknown): LegacyCallError {
  if (error instanceof LegacyCallError) return error;
  if (isConnectorError(error)) {
    return new LegacyCallError(
      {
        kind: error.category === 'AUTH_INVALID' ? 'auth' : 'permanent',
        code: error.error.vendorCode,
        message: error.error.vendorMessage,
      },
      { cause: error },
    );
  }

  return new HubSpotCallError(failureFromThrown(error), { cause: error });
}

export function normaliseThrown(error: unknown): NormalisedError {
  return toCallError(error).error;
}

export function errorOf(failure: LegacyFailure): NormalisedError {
  return legacyError(failure);
}
