import { fail, type SlackReply } from './http';
import { isPlatformError, type SlackFailureKind } from './scenarios';

/** HTTP 429 with `Retry-After` (seconds), as `chat.postMessage` answers a burst. */
export function rateLimitedReply(retryAfterSeconds: number | undefined): SlackReply {
  return {
    status: 429,
    body: { ok: false, error: 'ratelimited' },
    headers: retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) },
  };
}

export function invalidBlocksReply(messages: string[]): SlackReply {
  return fail('invalid_blocks', {
    errors: messages,
    response_metadata: { messages: messages.map((message) => `[ERROR] ${message}`) },
  });
}

export function missingScopeReply(needed: string, provided: readonly string[]): SlackReply {
  return fail('missing_scope', { needed, provided: provided.join(',') });
}

const BAD_GATEWAY_PAGE =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';

/** What an armed scenario switch answers instead of the method. */
export function failureReply(
  kind: SlackFailureKind,
  context: { needed: string; provided: readonly string[]; retryAfterSeconds?: number },
): SlackReply {
  if (isPlatformError(kind)) {
    if (kind === 'missing_scope') return missingScopeReply(context.needed, context.provided);
    if (kind === 'invalid_blocks') {
      return invalidBlocksReply(['failed to match all allowed schemas [json-pointer:/blocks/0]']);
    }

    return fail(kind);
  }
  switch (kind) {
    case 'ratelimited':
      return rateLimitedReply(context.retryAfterSeconds ?? 1);
    case 'ratelimited_without_retry_after':
      return rateLimitedReply(undefined);
    case 'http_500':
      return { status: 500, body: { ok: false, error: 'fatal_error' } };
    case 'http_502':
      return { status: 502, html: BAD_GATEWAY_PAGE };
    case 'http_503':
      return { status: 503, body: { ok: false, error: 'service_unavailable' } };
  }
}
