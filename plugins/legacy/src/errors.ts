import { ConnectorError, normalisedError, type NormalisedError } from '@libs/connector-sdk';

/**
 * How a legacy integration reports a failure. Legacy integrations do not categorise errors:
 * every failure is recorded with the vendor's own code and message under `UNKNOWN`. Only the
 * three signals the host's delivery guarantees rest on keep their meaning:
 *
 * - `auth`: the vendor refused the credentials (after one fresh login) → `AUTH_INVALID`, so the
 *   connection waits for the admin and its leads stay queued;
 * - `rate_limited`: the vendor's rate-limit answer → `RATE_LIMITED`, so the account's shared
 *   budget pauses for every worker;
 * - `transient`: an outage, a 5xx, a network failure → `UNKNOWN`, but retryable.
 */
export type LegacyFailureKind = 'auth' | 'rate_limited' | 'transient' | 'permanent';

export interface LegacyFailure {
  kind: LegacyFailureKind;
  code: string;
  message: string;
  field?: string;
  retryAfterMs?: number;
}

export function legacyError(failure: LegacyFailure): NormalisedError {
  const base = {
    vendorCode: failure.code,
    vendorMessage: failure.message,
    ...(failure.field === undefined ? {} : { field: failure.field }),
    ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
  };
  switch (failure.kind) {
    case 'auth':
      return normalisedError({ ...base, category: 'AUTH_INVALID' });
    case 'rate_limited':
      return normalisedError({ ...base, category: 'RATE_LIMITED' });
    case 'transient':
      return normalisedError({ ...base, category: 'UNKNOWN', retryable: true });
    case 'permanent':
      return normalisedError({ ...base, category: 'UNKNOWN', retryable: false });
  }
}

/** A whole legacy call failed. */
export class LegacyCallError extends ConnectorError {
  constructor(
    readonly failure: LegacyFailure,
    options?: { cause?: unknown },
  ) {
    const error = legacyError(failure);
    super(
      {
        category: error.category,
        vendorCode: error.vendorCode,
        vendorMessage: error.vendorMessage,
        retryable: error.retryable,
        ...(error.field === undefined ? {} : { field: error.field }),
        ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      },
      options,
    );
    this.name = 'LegacyCallError';
  }
}

/** Socket-level failures that mean the vendor was not reached. */
export const NETWORK_CODES: ReadonlySet<string> = new Set([
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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringProperty(value: unknown, key: string): string | undefined {
  if (!isRecord(value) && !(value instanceof Error)) return undefined;
  const field: unknown = Reflect.get(value, key);

  return typeof field === 'string' ? field : undefined;
}

/** A network failure, when that is what was thrown. */
export function networkFailure(error: unknown): LegacyFailure | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = stringProperty(error, 'code');
  const causeCode = stringProperty(Reflect.get(error, 'cause'), 'code');
  const socket = [code, causeCode].find((value) => value !== undefined && NETWORK_CODES.has(value));
  if (socket) return { kind: 'transient', code: socket, message: error.message };
  if (['FetchError', 'AbortError'].includes(error.name) || error.message === 'fetch failed') {
    return { kind: 'transient', code: 'NETWORK_ERROR', message: error.message };
  }

  return undefined;
}
