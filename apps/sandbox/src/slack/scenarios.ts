/** Web API methods the emulator answers; a scenario switch targets one of them. */
export const SLACK_METHODS = [
  'chat.postMessage',
  'auth.test',
  'auth.revoke',
  'conversations.list',
  'conversations.info',
  'conversations.join',
  'oauth.v2.access',
] as const;

export type SlackMethod = (typeof SLACK_METHODS)[number];

/** Errors answered as HTTP 200 `{"ok":false,"error":"<kind>"}` (with Slack's extra fields). */
export const SLACK_PLATFORM_ERRORS = [
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'msg_too_long',
  'invalid_blocks',
  'no_text',
  'too_many_attachments',
  'restricted_action',
  'no_permission',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'invalid_refresh_token',
  'invalid_client_id',
  'bad_client_secret',
  'invalid_code',
] as const;

/**
 * Transport-level failures:
 * - `ratelimited`: HTTP 429, `Retry-After` (seconds, default 1), `{"ok":false,"error":"ratelimited"}`;
 * - `ratelimited_without_retry_after`: the same without the header;
 * - `http_500` / `http_503`: JSON `fatal_error` / `service_unavailable` bodies; `http_502`: HTML.
 */
export const SLACK_TRANSPORT_FAILURES = [
  'ratelimited',
  'ratelimited_without_retry_after',
  'http_500',
  'http_502',
  'http_503',
] as const;

export const SLACK_FAILURE_KINDS = [...SLACK_PLATFORM_ERRORS, ...SLACK_TRANSPORT_FAILURES] as const;

export type SlackPlatformError = (typeof SLACK_PLATFORM_ERRORS)[number];
export type SlackFailureKind = (typeof SLACK_FAILURE_KINDS)[number];

export interface SlackScenarioSwitch {
  method: SlackMethod;
  kind: SlackFailureKind;
  remaining: number;
  /** `Retry-After` seconds of a `ratelimited` answer. */
  retryAfterSeconds?: number;
  /** Calls to the method still answered as usual before the switch applies (default 0). */
  after?: number;
}

export function isSlackMethod(value: unknown): value is SlackMethod {
  return typeof value === 'string' && (SLACK_METHODS as readonly string[]).includes(value);
}

export function isSlackFailureKind(value: unknown): value is SlackFailureKind {
  return typeof value === 'string' && (SLACK_FAILURE_KINDS as readonly string[]).includes(value);
}

export function isPlatformError(kind: SlackFailureKind): kind is SlackPlatformError {
  return (SLACK_PLATFORM_ERRORS as readonly string[]).includes(kind);
}

/** Armed "the next N calls to a method answer X" switches, consumed in the order armed. */
export class ScenarioBook {
  private switches: SlackScenarioSwitch[] = [];

  arm(
    method: SlackMethod,
    count: number,
    kind: SlackFailureKind,
    options: { retryAfterSeconds?: number; after?: number } = {},
  ): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be >= 1: ${count}`);
    const after = options.after ?? 0;
    if (!Number.isInteger(after) || after < 0) {
      throw new RangeError(`after must be a whole number >= 0: ${after}`);
    }
    const retryAfter = options.retryAfterSeconds;
    if (retryAfter !== undefined) {
      if (kind !== 'ratelimited') throw new RangeError('retryAfterSeconds applies to ratelimited');
      if (!Number.isInteger(retryAfter) || retryAfter < 0) {
        throw new RangeError(`retryAfterSeconds must be a whole number >= 0: ${retryAfter}`);
      }
    }
    const entry: SlackScenarioSwitch = { method, kind, remaining: count };
    if (retryAfter !== undefined) entry.retryAfterSeconds = retryAfter;
    if (after > 0) entry.after = after;
    this.switches.push(entry);
  }

  /** Consumes one armed failure for this method, or one of the calls it lets through first. */
  take(method: SlackMethod): SlackScenarioSwitch | undefined {
    const armed = this.switches.find((entry) => entry.method === method);
    if (!armed) return undefined;
    if (armed.after !== undefined) {
      armed.after -= 1;
      if (armed.after === 0) delete armed.after;

      return undefined;
    }
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.switches = this.switches.filter((entry) => entry !== armed);

    return { ...armed };
  }

  list(): SlackScenarioSwitch[] {
    return this.switches.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.switches = [];
  }
}
