/**
 * Normalised error categories (stable API). Every connector translates vendor failures onto
 * these in one place; the host decides what to do from the category alone.
 */
export const ERROR_CATEGORIES = {
  AUTH_INVALID: { retryable: false, connectionLevel: true },
  PERMISSION_DENIED: { retryable: false, connectionLevel: false },
  MISSING_REMOTE_FIELD: { retryable: false, connectionLevel: false },
  REQUIRED_FIELD_MISSING: { retryable: false, connectionLevel: false },
  DATA_VALUE_VALIDATION: { retryable: false, connectionLevel: false },
  NO_TAG_MAPPING: { retryable: false, connectionLevel: false },
  DUPLICATE_BLOCKED: { retryable: false, connectionLevel: false },
  CAMPAIGN_LINK_INVALID: { retryable: false, connectionLevel: false },
  REMOTE_RECORD_NOT_FOUND: { retryable: false, connectionLevel: false },
  RATE_LIMITED: { retryable: true, connectionLevel: false },
  REMOTE_UNAVAILABLE: { retryable: true, connectionLevel: false },
  UNKNOWN: { retryable: false, connectionLevel: false },
} as const satisfies Record<string, { retryable: boolean; connectionLevel: boolean }>;

export type ErrorCategory = keyof typeof ERROR_CATEGORIES;

export const ERROR_CATEGORY_CODES = Object.keys(ERROR_CATEGORIES) as ErrorCategory[];

/** What a connector reports about one failed record or one failed call. */
export interface NormalisedError {
  category: ErrorCategory;
  /** The vendor's own code, e.g. `STRING_TOO_LONG`, `INVALID_OPTION`, `1003`. */
  vendorCode: string;
  /** The vendor's own message, verbatim. */
  vendorMessage: string;
  /** The remote field involved, when the vendor names one. */
  field?: string;
  retryable: boolean;
  /** Milliseconds to wait before retrying, when the vendor says so. */
  retryAfterMs?: number;
}

export interface NormalisedErrorInput {
  category: ErrorCategory;
  vendorCode: string;
  vendorMessage: string;
  field?: string;
  retryAfterMs?: number;
  /** Overrides the category's default retry decision. */
  retryable?: boolean;
}

export function normalisedError(input: NormalisedErrorInput): NormalisedError {
  const error: NormalisedError = {
    category: input.category,
    vendorCode: input.vendorCode,
    vendorMessage: input.vendorMessage,
    retryable: input.retryable ?? ERROR_CATEGORIES[input.category].retryable,
  };
  if (input.field !== undefined) error.field = input.field;
  if (input.retryAfterMs !== undefined) error.retryAfterMs = input.retryAfterMs;

  return error;
}

/**
 * Thrown by a connector when a whole call failed (no per-record results): an expired grant,
 * an outage, a rate limit. A fresh instance is created at each throw site.
 */
export class ConnectorError extends Error {
  readonly error: NormalisedError;

  constructor(input: NormalisedErrorInput, options?: { cause?: unknown }) {
    super(`${input.category}: ${input.vendorCode}: ${input.vendorMessage}`, options);
    this.name = 'ConnectorError';
    this.error = normalisedError(input);
  }

  get category(): ErrorCategory {
    return this.error.category;
  }
}

export function isConnectorError(value: unknown): value is ConnectorError {
  return value instanceof ConnectorError;
}
