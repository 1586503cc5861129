export const CONNECTOR_VERSION = '0.1.0';

/** API versions `@hubspot/api-client` 13 calls: CRM objects, properties, lists and search. */
export const HUBSPOT_CRM_API_VERSION = 'v3';
/** Associations (default contact→company association). */
export const HUBSPOT_ASSOCIATIONS_API_VERSION = 'v4';
/** OAuth token endpoint (`/oauth/v1/token`), retired on 2027-02-16 in favour of v3. */
export const HUBSPOT_OAUTH_API_VERSION = 'v1';

export const DEFAULT_BASE_URL = 'https://api.hubapi.com';

/** Where an admin installs the app (the consent page). */
export const DEFAULT_AUTHORIZE_URL = 'https://app.hubspot.com/oauth/authorize';

/** Batch endpoints accept at most 100 inputs. */
export const BATCH_LIMIT = 100;

/**
 * Public OAuth apps get about 110 calls per rolling 10 seconds per installed account; private
 * apps on Free/Starter 100. The lower figure is declared so one budget fits every account.
 */
export const REQUESTS_PER_WINDOW = 100;
export const RATE_WINDOW_MS = 10_000;

/** Refresh this long before the stored expiry, so a token never expires in flight. */
export const REFRESH_MARGIN_MS = 60_000;

/** Search returns at most 200 results per page; IN filters take at most 100 values. */
export const SEARCH_PAGE_LIMIT = 200;
export const SEARCH_IN_LIMIT = 100;
