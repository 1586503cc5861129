/** The HubSpot account (portal) every sandbox grant belongs to. */
export const HUBSPOT_PORTAL = {
  id: 24681357,
  domain: 'mobly-sandbox.hubspot.com',
} as const;

/** The user who installs the app when the sandbox auto-approves the consent screen. */
export const HUBSPOT_USER = {
  id: 51234567,
  email: 'sandbox.user@mobly.example',
} as const;

/**
 * The public app seeded in the sandbox account. Any http://127.0.0.1 or http://localhost
 * redirect URI (any port, any path) is accepted, so local OAuth callbacks work unconfigured.
 */
export const HUBSPOT_APP = {
  id: 3141592,
  clientId: '6d1e3c52-8f0b-4a53-9d61-2b7f0c4e9a10',
  clientSecret: 'b3f4a6e2-71c9-4d08-a5e3-9c2d7f1b8e64',
  redirectUriPattern: /^http:\/\/(127\.0\.0\.1|localhost)(:\d{1,5})?(\/[^\s#]*)?$/,
  scopes: [
    'oauth',
    'crm.objects.contacts.read',
    'crm.objects.contacts.write',
    'crm.objects.companies.read',
    'crm.objects.companies.write',
    'crm.lists.read',
    'crm.lists.write',
  ],
} as const;

/** Access tokens live 30 minutes. */
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 1800;
export const AUTHORIZATION_CODE_TTL_MS = 10 * 60 * 1000;

/** Batch endpoints accept at most 100 inputs. */
export const BATCH_INPUT_LIMIT = 100;

/** Free & Starter accounts: 100 requests per rolling 10 seconds and 250,000 per day. */
export const DEFAULT_REQUESTS_PER_WINDOW = 100;
export const DEFAULT_RATE_WINDOW_MS = 10_000;
export const DEFAULT_DAILY_LIMIT = 250_000;
/** The search endpoints have their own per-second limit. */
export const DEFAULT_SEARCH_REQUESTS_PER_SECOND = 5;

export const SEARCH_PAGE_LIMIT = 200;
export const SEARCH_MAX_FILTER_GROUPS = 5;
export const SEARCH_MAX_FILTERS_PER_GROUP = 6;
export const SEARCH_MAX_FILTERS = 18;
export const SEARCH_MAX_IN_VALUES = 100;

/** HubSpot-defined "Contact to company" association without a label. */
export const CONTACT_TO_COMPANY_TYPE_ID = 279;

export const CONTACT_ID_BASE = 1000;
export const COMPANY_ID_BASE = 7_945_140_000;
export const LIST_ID_BASE = 100;
