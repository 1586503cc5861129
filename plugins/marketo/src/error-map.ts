import {
  isConnectorError,
  normalisedError,
  type ErrorCategory,
  type NormalisedError,
} from '@libs/connector-sdk';

import { CONCURRENCY_BACKOFF_MS, QUOTA_TIME_ZONE, RATE_LIMIT } from './constants';
import { msUntilNextMidnight } from './quota-reset';

/** One Marketo failure: an `errors[]` or `reasons[]` entry, an identity error, or a transport one. */
export interface MarketoFailure {
  /** Marketo's code as a string (`606`, `1003`), the identity `error`, or a local code. */
  code: string;
  /** The vendor's message, verbatim. */
  message: string;
  /** HTTP status, for failures outside the HTTP-200 envelope. */
  httpStatus?: number;
}

interface Rule {
  category: ErrorCategory;
  /** Overrides the category's retry decision. */
  retryable?: boolean;
  retryAfterMs?: (failure: MarketoFailure, now: number) => number;
}

/** `Max rate limit '100' exceeded with in '20' secs` → 20 000 ms; the documented window otherwise. */
function rateWindowMs(failure: MarketoFailure): number {
  const seconds = /with\s*in\s*'?(\d+)'?\s*sec/i.exec(failure.message)?.[1];

  return seconds === undefined ? RATE_LIMIT.windowMs : Number(seconds) * 1000;
}

const rate: Rule = { category: 'RATE_LIMITED', retryAfterMs: rateWindowMs };
const dailyQuota: Rule = {
  category: 'RATE_LIMITED',
  retryAfterMs: (_failure, now) => msUntilNextMidnight(QUOTA_TIME_ZONE, now),
};
const concurrency: Rule = { category: 'RATE_LIMITED', retryAfterMs: () => CONCURRENCY_BACKOFF_MS };
const unavailable: Rule = { category: 'REMOTE_UNAVAILABLE' };
const auth: Rule = { category: 'AUTH_INVALID' };
const bug: Rule = { category: 'UNKNOWN' };

/**
 * The one table that turns Marketo codes into the SDK's categories: response-level codes
 * (6xx/7xx: the call was not executed), record-level skip reasons (1xxx: only that record
 * failed), identity errors, and the connector's own codes for failures it detects itself.
 */
const RULES: Readonly<Record<string, Rule>> = {
  // Response level.
  '500': unavailable,
  '502': unavailable,
  '600': auth,
  '601': auth,
  '602': auth,
  '603': { category: 'PERMISSION_DENIED' },
  '604': unavailable,
  '605': bug,
  '606': rate,
  '607': dailyQuota,
  '608': unavailable,
  '609': bug,
  '610': bug,
  '611': unavailable,
  '612': bug,
  '613': bug,
  '614': unavailable,
  '615': concurrency,
  '616': { category: 'PERMISSION_DENIED' },
  '701': { category: 'REQUIRED_FIELD_MISSING' },
  '702': { category: 'REMOTE_RECORD_NOT_FOUND' },
  '703': { category: 'PERMISSION_DENIED' },
  '704': { category: 'DATA_VALUE_VALIDATION' },
  '709': { category: 'DATA_VALUE_VALIDATION' },
  '710': bug,
  '711': bug,
  '713': unavailable,
  // Record level.
  '1001': { category: 'DATA_VALUE_VALIDATION' },
  '1002': { category: 'REQUIRED_FIELD_MISSING' },
  '1003': { category: 'DATA_VALUE_VALIDATION' },
  '1004': { category: 'REMOTE_RECORD_NOT_FOUND' },
  '1005': { category: 'DUPLICATE_BLOCKED' },
  '1006': { category: 'MISSING_REMOTE_FIELD' },
  '1007': { category: 'DUPLICATE_BLOCKED' },
  '1008': { category: 'PERMISSION_DENIED' },
  '1009': { category: 'REQUIRED_FIELD_MISSING' },
  '1010': { category: 'PERMISSION_DENIED' },
  '1011': { category: 'MISSING_REMOTE_FIELD' },
  '1013': { category: 'CAMPAIGN_LINK_INVALID' },
  '1015': { category: 'REMOTE_RECORD_NOT_FOUND' },
  '1016': { category: 'RATE_LIMITED' },
  '1017': { category: 'DUPLICATE_BLOCKED' },
  '1021': { category: 'PERMISSION_DENIED' },
  '1025': { category: 'CAMPAIGN_LINK_INVALID' },
  '1029': { category: 'RATE_LIMITED' },
  '1036': { category: 'DUPLICATE_BLOCKED' },
  '1037': { category: 'DUPLICATE_BLOCKED' },
  // Identity endpoint (HTTP 401 / 400).
  invalid_client: auth,
  unauthorized: auth,
  invalid_request: auth,
  unsupported_grant_type: auth,
  // Detected by the connector.
  MISSING_CREDENTIALS: auth,
  INVALID_SETTINGS: auth,
  MISSING_EMAIL: { category: 'REQUIRED_FIELD_MISSING' },
  INVALID_LEAD_ID: { category: 'REMOTE_RECORD_NOT_FOUND' },
  INVALID_PROGRAM: { category: 'CAMPAIGN_LINK_INVALID' },
  MISSING_PROGRAM_STATUS: { category: 'CAMPAIGN_LINK_INVALID' },
  UNSUPPORTED_OBJECT: bug,
  NO_RESULT: bug,
  IDENTITY_TOKEN_EXPIRING: unavailable,
  INVALID_RESPONSE: unavailable,
  NETWORK_ERROR: unavailable,
};

/** Socket-level failures (undici error codes) that mean Marketo was not reached. */
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
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

function ruleOf(failure: MarketoFailure): Rule {
  const rule = RULES[failure.code];
  if (rule) return rule;
  if (NETWORK_CODES.has(failure.code)) return unavailable;

  const status = failure.httpStatus;
  if (status === 401) return auth;
  if (status === 403) return { category: 'PERMISSION_DENIED' };
  if (status === 429) return rate;
  if (status !== undefined && status >= 500) return unavailable;

  return bug;
}

/** The field a message names: `Field 'x' not found`, `Invalid value for field 'x'`, `Invalid fields [x]`. */
export function fieldOf(message: string): string | undefined {
  return (
    /\bfield\s+'([^']+)'/i.exec(message)?.[1] ?? /\bfields\s+\[\s*([^\],\s]+)/i.exec(message)?.[1]
  );
}

/** Maps a Marketo failure onto the SDK's categories, keeping code, message and field. */
export function mapMarketoError(failure: MarketoFailure, now = Date.now()): NormalisedError {
  const rule = ruleOf(failure);
  const field = fieldOf(failure.message);

  return normalisedError({
    category: rule.category,
    vendorCode: failure.code,
    vendorMessage: failure.message,
    ...(field === undefined ? {} : { field }),
    ...(rule.retryable === undefined ? {} : { retryable: rule.retryable }),
    ...(rule.retryAfterMs === undefined ? {} : { retryAfterMs: rule.retryAfterMs(failure, now) }),
  });
}

/** 601 (invalid) and 602 (expired): re-authenticate and replay the call once. */
export function isTokenRejection(code: string): boolean {
  return code === '601' || code === '602';
}

function stringProperty(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null || !(key in value)) return undefined;
  const property: unknown = Reflect.get(value, key);

  return typeof property === 'string' ? property : undefined;
}

/** Reads what the HTTP client threw (undici errors carry a `code`) into a failure. */
export function failureFromThrown(error: unknown): MarketoFailure {
  if (!(error instanceof Error)) return { code: 'NETWORK_ERROR', message: String(error) };
  const code = stringProperty(error, 'code') ?? stringProperty(error.cause, 'code');
  if (code !== undefined && NETWORK_CODES.has(code)) return { code, message: error.message };

  return { code: 'NETWORK_ERROR', message: error.message };
}

/** Normalises anything a Marketo call threw (a ConnectorError passes through unchanged). */
export function normaliseThrown(error: unknown): NormalisedError {
  if (isConnectorError(error)) return error.error;

  return mapMarketoError(failureFromThrown(error));
}
