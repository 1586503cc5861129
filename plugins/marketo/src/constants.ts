export const CONNECTOR_VERSION = '0.1.0';

/** REST API version segment: `<restBaseUrl>/v1/...`. */
export const MARKETO_API_VERSION = 'v1';

/** The persona object: Marketo leads (people). */
export const LEADS_OBJECT = 'leads';

/** Records per Sync Leads and per Change Lead Program Status call. */
export const BATCH_RECORD_LIMIT = 300;
/** Values per `filterValues`. */
export const FILTER_VALUE_LIMIT = 300;
/** Request bodies stay under the 1 MB that answers 413, leaving room for the envelope. */
export const MAX_BODY_BYTES = 1_000_000;
/** GET URLs stay under the 8 KB that answers 414; longer ones go as `POST ?_method=GET`. */
export const MAX_URI_BYTES = 8_000;

/** 606 above 100 calls in 20 s, shared by every integration on the instance. */
export const RATE_LIMIT = { requests: 100, windowMs: 20_000 } as const;
/** 615 above 10 calls in flight. */
export const CONCURRENCY_LIMIT = 10;
/** Default subscription quota; it resets at midnight US Central. */
export const DAILY_QUOTA = 50_000;
export const QUOTA_TIME_ZONE = 'America/Chicago';
/** A short wait after 615, before the instance's in-flight calls finish. */
export const CONCURRENCY_BACKOFF_MS = 1_000;

/** The identity endpoint may hand out a token with `expires_in: 0`; wait and ask again. */
export const IDENTITY_RETRY_DELAY_MS = 1_000;
export const IDENTITY_ATTEMPTS = 3;

/** Marketo's server-side timeouts per endpoint, used as the client's own. */
export const TIMEOUT_MS = {
  identity: 30_000,
  default: 30_000,
  query: 60_000,
  sync: 90_000,
} as const;
