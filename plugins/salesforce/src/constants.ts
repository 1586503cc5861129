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

/**
 * How a person is found before one is created: `leads_only` (Lead id → open Lead by email →
 * new Lead), `leads_and_contacts` (Contact id → Contact by email → then as `leads_only`) and
 * `accounts_and_contacts` (Contact id → Contact by email → new Contact under the Account found
 * by id, website domain or name, or under a new Account).
 */
export const MATCHING_STRATEGIES = [
  'leads_only',
  'leads_and_contacts',
  'accounts_and_contacts',
] as const;

export type MatchingStrategy = (typeof MATCHING_STRATEGIES)[number];

export const DEFAULT_MATCHING_STRATEGY: MatchingStrategy = 'leads_only';
