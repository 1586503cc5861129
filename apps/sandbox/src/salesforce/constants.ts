import { toId18 } from './ids';

/** The org every sandbox session belongs to. */
export const SALESFORCE_ORG = {
  id: toId18('00D5g00000MoBLY'),
  name: 'Mobly Sandbox Org',
} as const;

/** The user the sandbox signs in as, for the authorization-code, password and client-credentials flows. */
export const SALESFORCE_USER = {
  id: toId18('0055g00000SbxUS'),
  username: 'sandbox.user@mobly.example',
  password: 'Sandbox-Passw0rd',
  securityToken: 'SBXSECURITYTOKEN42',
  displayName: 'Sandbox User',
  email: 'sandbox.user@mobly.example',
} as const;

/**
 * The connected app seeded in the sandbox org. Any http://127.0.0.1 or http://localhost redirect
 * URI (any port, any path) is accepted, so local OAuth callbacks work without configuration.
 */
export const SALESFORCE_CONNECTED_APP = {
  clientId: '3MVG9MoblySandboxConnectedAppClientId.0000000000000000000000000000000000000000',
  clientSecret: 'MOBLYSANDBOXCLIENTSECRET0000000000000000000000000000000000000000',
  redirectUriPattern: /^http:\/\/(127\.0\.0\.1|localhost)(:\d{1,5})?(\/[^\s#]*)?$/,
  scope: 'api refresh_token',
} as const;

/** API versions the sandbox answers, lowest first. */
export const SALESFORCE_API_VERSIONS: readonly string[] = Array.from(
  { length: 64 - 31 + 1 },
  (_, index) => `${31 + index}.0`,
);

export const DEFAULT_ACCESS_TOKEN_TTL_MS = 2 * 60 * 60 * 1000;
export const DEFAULT_QUERY_PAGE_SIZE = 2000;
/** Developer Edition daily API allocation. */
export const DEFAULT_API_REQUEST_LIMIT = 15000;
/** Concurrent long-running requests of a production or sandbox org. */
export const DEFAULT_CONCURRENT_REQUEST_LIMIT = 25;
export const COLLECTION_RECORD_LIMIT = 200;
export const AUTHORIZATION_CODE_TTL_MS = 15 * 60 * 1000;
