import {
  ConnectorError,
  isConnectorError,
  normalisedError,
  type ErrorCategory,
  type NormalisedError,
} from '@libs/connector-sdk';
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';

/** One Slack failure: an `ok:false` error code, an HTTP status, or a transport problem. */
export interface SlackFailure {
  /** Slack's `error` code (`channel_not_found`…), or `http_<status>` / `request_error`. */
  code: string;
  httpStatus?: number;
  /** Seconds from `Retry-After`. */
  retryAfterSeconds?: number;
  /** `missing_scope`: the scope the method needs, and the scopes the token has. */
  needed?: string;
  provided?: string;
  /** `response_metadata.messages`, e.g. the Block Kit problems of `invalid_blocks`. */
  messages?: readonly string[];
  /** Details that are not Slack's (the channel posted to, the client's own message). */
  detail?: string;
}

interface ErrorRule {
  category: ErrorCategory;
  /** What Slack means by the code (Slack answers with the code alone). */
  meaning: string;
  /** The message argument the code is about. */
  field?: string;
}

/**
 * The one table that turns Slack error codes (lower case) and the connector's own (upper case)
 * into the SDK's categories. Whether the host retries
 * follows from the category: only RATE_LIMITED and REMOTE_UNAVAILABLE are retried. A channel
 * that is unknown, archived or closed to the app stays broken until an admin changes it.
 */
export const SLACK_ERROR_TABLE: Readonly<Record<string, ErrorRule>> = {
  channel_not_found: {
    category: 'REMOTE_RECORD_NOT_FOUND',
    meaning: 'The channel does not exist, or it is private and the app was not added to it.',
    field: 'channel',
  },
  is_archived: {
    category: 'REMOTE_RECORD_NOT_FOUND',
    meaning: 'The channel is archived.',
    field: 'channel',
  },
  NO_CHANNEL: {
    category: 'REMOTE_RECORD_NOT_FOUND',
    meaning: 'No channel was chosen for the message.',
    field: 'channel',
  },
  thread_not_found: {
    category: 'REMOTE_RECORD_NOT_FOUND',
    meaning: 'The thread to reply in does not exist.',
    field: 'thread_ts',
  },
  not_in_channel: {
    category: 'PERMISSION_DENIED',
    meaning: 'The app is not a member of the channel; invite it to the channel first.',
    field: 'channel',
  },
  missing_scope: {
    category: 'PERMISSION_DENIED',
    meaning: 'The app was installed without a permission this call needs; reinstall it.',
  },
  no_permission: {
    category: 'PERMISSION_DENIED',
    meaning: 'The token lacks the permissions the request needs.',
  },
  restricted_action: {
    category: 'PERMISSION_DENIED',
    meaning: 'A workspace preference prevents the app from posting.',
  },
  restricted_action_read_only_channel: {
    category: 'PERMISSION_DENIED',
    meaning: 'The channel is read-only for the app.',
    field: 'channel',
  },
  restricted_action_thread_only_channel: {
    category: 'PERMISSION_DENIED',
    meaning: 'The channel only takes replies in threads.',
    field: 'channel',
  },
  ekm_access_denied: {
    category: 'PERMISSION_DENIED',
    meaning: 'The workspace administrators suspended posting (Enterprise Key Management).',
  },
  method_not_supported_for_channel_type: {
    category: 'PERMISSION_DENIED',
    meaning: 'This kind of conversation does not allow the call.',
    field: 'channel',
  },
  not_authed: { category: 'AUTH_INVALID', meaning: 'No token was sent.' },
  invalid_auth: { category: 'AUTH_INVALID', meaning: 'The token is not valid.' },
  account_inactive: {
    category: 'AUTH_INVALID',
    meaning: 'The token belongs to a deleted user or workspace.',
  },
  token_revoked: {
    category: 'AUTH_INVALID',
    meaning: 'The token was revoked: the app was uninstalled or its access withdrawn.',
  },
  token_expired: {
    category: 'AUTH_INVALID',
    meaning: 'The rotating token expired and could not be refreshed.',
  },
  org_login_required: {
    category: 'AUTH_INVALID',
    meaning: 'The workspace is migrating to an Enterprise organisation; reinstall the app.',
  },
  team_added_to_org: {
    category: 'AUTH_INVALID',
    meaning: 'The workspace joined an Enterprise organisation; reinstall the app.',
  },
  invalid_refresh_token: {
    category: 'AUTH_INVALID',
    meaning: 'The refresh token is not valid (already used, or the app was uninstalled).',
  },
  invalid_client_id: { category: 'AUTH_INVALID', meaning: 'The client id is not valid.' },
  bad_client_secret: { category: 'AUTH_INVALID', meaning: 'The client secret is not valid.' },
  invalid_grant_type: { category: 'AUTH_INVALID', meaning: 'The grant type is not supported.' },
  invalid_code: {
    category: 'AUTH_INVALID',
    meaning: 'The install code is not valid, expired or was already used; install again.',
  },
  bad_redirect_uri: {
    category: 'AUTH_INVALID',
    meaning: 'The redirect URI differs from the one the install started with.',
  },
  MISSING_CREDENTIALS: {
    category: 'AUTH_INVALID',
    meaning: 'The connection has no bot token; install the app again.',
  },
  INVALID_TOKEN_RESPONSE: {
    category: 'AUTH_INVALID',
    meaning: 'Slack refreshed the token without returning a new token pair.',
  },
  msg_too_long: {
    category: 'DATA_VALUE_VALIDATION',
    meaning: 'The message text is too long.',
    field: 'text',
  },
  no_text: {
    category: 'DATA_VALUE_VALIDATION',
    meaning: 'The message has no text, blocks or attachments.',
    field: 'text',
  },
  invalid_blocks: {
    category: 'DATA_VALUE_VALIDATION',
    meaning: 'The message blocks are not valid Block Kit.',
    field: 'blocks',
  },
  invalid_blocks_format: {
    category: 'DATA_VALUE_VALIDATION',
    meaning: 'The blocks are not a JSON array of blocks.',
    field: 'blocks',
  },
  too_many_attachments: {
    category: 'DATA_VALUE_VALIDATION',
    meaning: 'The message has more than 100 attachments.',
    field: 'attachments',
  },
  invalid_attachments: {
    category: 'DATA_VALUE_VALIDATION',
    meaning: 'The attachments are not valid.',
    field: 'attachments',
  },
  invalid_arguments: {
    category: 'DATA_VALUE_VALIDATION',
    meaning: 'An argument of the call is not valid.',
  },
  INVALID_BLOCK_KIT: {
    category: 'DATA_VALUE_VALIDATION',
    meaning: 'A block has no type.',
    field: 'blocks',
  },
  NOT_SUPPORTED: { category: 'UNKNOWN', meaning: 'Slack does not store records' },
  ratelimited: {
    category: 'RATE_LIMITED',
    meaning: 'Too many messages: the channel takes about one per second.',
  },
  rate_limited: {
    category: 'RATE_LIMITED',
    meaning: 'Too many messages: the channel takes about one per second.',
  },
  fatal_error: {
    category: 'REMOTE_UNAVAILABLE',
    meaning: 'Slack failed while handling the call; part of it may have been done.',
  },
  internal_error: {
    category: 'REMOTE_UNAVAILABLE',
    meaning: 'Slack had a transient failure; part of the call may have been done.',
  },
  service_unavailable: {
    category: 'REMOTE_UNAVAILABLE',
    meaning: 'Slack is temporarily unavailable.',
  },
  request_timeout: {
    category: 'REMOTE_UNAVAILABLE',
    meaning: 'The request body did not reach Slack in full.',
  },
  request_error: {
    category: 'REMOTE_UNAVAILABLE',
    meaning: 'Slack could not be reached.',
  },
};

function ruleFor(failure: SlackFailure): ErrorRule {
  const rule = SLACK_ERROR_TABLE[failure.code];
  const status = failure.httpStatus ?? 0;
  // A 5xx is an outage whatever its body says.
  if (status >= 500) {
    return rule?.category === 'REMOTE_UNAVAILABLE'
      ? rule
      : { category: 'REMOTE_UNAVAILABLE', meaning: `Slack answered HTTP ${status}.` };
  }
  if (rule) return rule;
  if (status === 429) return SLACK_ERROR_TABLE.ratelimited;
  if (status !== 0 && status !== 200) {
    return { category: 'UNKNOWN', meaning: `Slack answered HTTP ${status}.` };
  }

  return { category: 'UNKNOWN', meaning: 'Slack refused the call.' };
}

function messageOf(failure: SlackFailure, rule: ErrorRule): string {
  const parts = [rule.meaning];
  if (failure.needed !== undefined) {
    parts.push(`Needed: ${failure.needed}; granted: ${failure.provided || 'none'}.`);
  }
  if (failure.messages && failure.messages.length > 0) parts.push(failure.messages.join('; '));
  if (failure.detail) parts.push(failure.detail);

  return parts.join(' ');
}

/** Maps a Slack failure onto the SDK's categories, with Slack's code and a plain message. */
export function mapSlackError(failure: SlackFailure): NormalisedError {
  const rule = ruleFor(failure);

  return normalisedError({
    category: rule.category,
    vendorCode: failure.code,
    vendorMessage: messageOf(failure, rule),
    ...(rule.field === undefined ? {} : { field: rule.field }),
    ...(failure.retryAfterSeconds === undefined
      ? {}
      : { retryAfterMs: failure.retryAfterSeconds * 1000 }),
  });
}

function stringProperty(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null || !(key in value)) return undefined;
  const property: unknown = Reflect.get(value, key);

  return typeof property === 'string' ? property : undefined;
}

/** The `error` of a JSON body Slack sent with a non-200 status, if it sent one. */
function bodyError(body: unknown): string | undefined {
  if (typeof body !== 'string') return stringProperty(body, 'error');
  try {
    return stringProperty(JSON.parse(body), 'error');
  } catch {
    return undefined;
  }
}

/**
 * `@slack/web-api` throws a plain Error (no code) for a 429 whose Retry-After it cannot read;
 * its message is the only way to tell it apart.
 */
const UNREADABLE_RETRY_AFTER = 'Retry header did not contain a valid timeout';

/** Reads what `@slack/web-api` threw into a failure. */
export function failureFromThrown(error: unknown): SlackFailure {
  if (error instanceof WebAPIPlatformError) {
    const failure: SlackFailure = { code: error.data.error, httpStatus: 200 };
    const needed = stringProperty(error.data, 'needed');
    if (needed !== undefined) {
      failure.needed = needed;
      failure.provided = stringProperty(error.data, 'provided') ?? '';
    }
    const messages = error.data.response_metadata?.messages;
    if (messages && messages.length > 0) failure.messages = messages;

    return failure;
  }
  if (error instanceof WebAPIRateLimitedError) {
    return { code: 'ratelimited', httpStatus: 429, retryAfterSeconds: error.retryAfter };
  }
  if (error instanceof WebAPIHTTPError) {
    return {
      code: bodyError(error.body) ?? `http_${error.statusCode}`,
      httpStatus: error.statusCode,
    };
  }
  if (error instanceof WebAPIRequestError) {
    return { code: 'request_error', detail: error.original.message };
  }
  if (error instanceof Error && error.message.startsWith(UNREADABLE_RETRY_AFTER)) {
    return { code: 'ratelimited', httpStatus: 429, detail: error.message };
  }
  if (error instanceof Error) {
    return { code: error.name === 'Error' ? 'UNKNOWN_ERROR' : error.name, detail: error.message };
  }

  return { code: 'UNKNOWN_ERROR', detail: String(error) };
}

/**
 * Normalises anything a Slack call threw (a ConnectorError passes through unchanged). With the
 * channel posted to, errors about the channel name it.
 */
export function normaliseThrown(
  error: unknown,
  context: { channel?: string } = {},
): NormalisedError {
  if (isConnectorError(error)) return error.error;
  const failure = failureFromThrown(error);
  if (context.channel !== undefined && SLACK_ERROR_TABLE[failure.code]?.field === 'channel') {
    failure.detail = `Channel: ${context.channel}.`;
  }

  return mapSlackError(failure);
}

/** Whatever a Slack call threw, as a ConnectorError. */
export function asConnectorError(error: unknown): ConnectorError {
  return isConnectorError(error)
    ? error
    : new ConnectorError(normaliseThrown(error), { cause: error });
}
