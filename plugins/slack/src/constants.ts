export const CONNECTOR_VERSION = '0.1.0';

/**
 * Slack's Web API has no version in its URLs: each method (`chat.postMessage`, …) is its own
 * contract. What pins the behaviour is the client library, `@slack/web-api` 8.
 */
export const DEFAULT_API_URL = 'https://slack.com/api/';

/** Where an admin installs the app (OAuth v2 authorize page). */
export const DEFAULT_AUTHORIZE_URL = 'https://slack.com/oauth/v2/authorize';

/** `chat.postMessage` takes about one message per second per channel. */
export const POSTS_PER_WINDOW = 1;
export const POST_WINDOW_MS = 1000;
/** The gap a connection keeps between two posts to stay within that rate. */
export const POST_SPACING_MS = POST_WINDOW_MS / POSTS_PER_WINDOW;

/** Refresh a rotating token this long before it expires rather than wait for `token_expired`. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** A call Slack has not answered in this long is abandoned (and reported as an outage). */
export const REQUEST_TIMEOUT_MS = 30_000;

/** Block Kit limits: blocks per message, and characters per text object. */
export const BLOCK_KIT_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  contextElements: 10,
  /** `text` beyond this is refused with `msg_too_long`. */
  messageText: 40_000,
} as const;
