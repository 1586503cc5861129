export const CONNECTOR_VERSION = '0.1.0';

/** Version of the receiver protocol (README.md) every call announces. */
export const WEBHOOK_PROTOCOL_VERSION = '2026-01-01';

/** The one object a receiver accepts: a captured person. */
export const LEAD_OBJECT = 'lead';

export const HEADERS = {
  version: 'X-Mobly-Webhook-Version',
  timestamp: 'X-Mobly-Timestamp',
  signature: 'X-Mobly-Signature',
} as const;

/** Prefix of the signature header value: `sha256=<hex>`. */
export const SIGNATURE_SCHEME = 'sha256';

/** Records one `POST /leads` may carry. */
export const MAX_BATCH_SIZE = 50;

/** Requests a receiver accepts per window, across every worker of one connection. */
export const REQUESTS_PER_WINDOW = 120;
export const WINDOW_MS = 60_000;

/** A receiver that has not answered by then is treated as unavailable. */
export const REQUEST_TIMEOUT_MS = 30_000;
