import type { ApiClient } from './api-client';

/** What the platform answers once a connection is stored. */
export interface ConnectionView {
  id: string;
  integration: string;
  status: string;
  problem: unknown;
}

export interface AuthorizeRequest {
  credentials?: Record<string, string>;
  settings?: Record<string, string>;
  /** Re-authorise this connection instead of creating one. */
  connectionId?: string;
}

/** The platform's OAuth callback on the same host as the API. */
export function callbackUrl(api: ApiClient): string {
  return `${api.baseUrl}/v1/oauth/callback`;
}

/** Asks the platform to start the connect flow; returns the vendor's consent page. */
export async function startAuthorization(
  api: ApiClient,
  integration: string,
  request: AuthorizeRequest,
): Promise<{ authorizeUrl: string; state: string; pkce: boolean }> {
  return api.ok('POST', `/v1/connections/${integration}/authorize`, {
    ...request,
    redirectUri: callbackUrl(api),
  });
}

/**
 * Plays the admin's browser on the vendor's consent page (the sandbox approves at once) and
 * returns where the vendor sends it back: the platform's callback, with `code` and `state`.
 */
export async function approveAtVendor(authorizeUrl: string): Promise<URL> {
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = consent.headers.get('location');
  if (consent.status < 300 || consent.status > 303 || !location) {
    throw new Error(`authorization refused by ${new URL(authorizeUrl).host}: ${consent.status}`);
  }

  return new URL(location);
}

/** The browser arriving at the platform's callback; the platform answers with the connection. */
export async function arriveAtCallback<T = Record<string, unknown>>(
  callback: URL,
): Promise<{ status: number; contentType: string; body: T }> {
  const response = await fetch(callback, { redirect: 'manual' });
  const text = await response.text();

  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: (text ? JSON.parse(text) : {}) as T,
  };
}

/**
 * The whole OAuth 2.0 authorization code flow as an admin goes through it: the platform issues
 * the consent URL, the vendor approves and redirects to the platform, which exchanges the code
 * and stores the connection.
 */
export async function connectWithOAuth(
  api: ApiClient,
  integration: string,
  request: AuthorizeRequest,
): Promise<ConnectionView> {
  const { authorizeUrl } = await startAuthorization(api, integration, request);
  const callback = await approveAtVendor(authorizeUrl);
  const arrived = await arriveAtCallback<ConnectionView>(callback);
  if (arrived.status !== 200) {
    throw new Error(`${integration} callback → ${arrived.status}: ${JSON.stringify(arrived.body)}`);
  }

  return arrived.body;
}
