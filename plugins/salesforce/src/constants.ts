/** Salesforce REST API version every call uses (Winter '25). */
export const SALESFORCE_API_VERSION = '62.0';

export const CONNECTOR_VERSION = '0.1.0';

/** Production login host; sandboxes use https://test.salesforce.com, or a My Domain URL. */
export const DEFAULT_LOGIN_URL = 'https://login.salesforce.com';

/** sObject Collections accept at most 200 records per request. */
export const COLLECTION_BATCH_LIMIT = 200;

/**
 * Requests an org runs at once before answering `REQUEST_LIMIT_EXCEEDED`
 * (ConcurrentPerOrgLongTxn, production and sandbox orgs). Salesforce has no per-second limit.
 */
export const CONCURRENT_REQUEST_LIMIT = 25;

export const MATCHING_STRATEGIES = ['leads_only'] as const;

export type MatchingStrategy = (typeof MATCHING_STRATEGIES)[number];

export const DEFAULT_MATCHING_STRATEGY: MatchingStrategy = 'leads_only';
