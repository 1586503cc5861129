export interface AuthorizationCodeFlow {
  /** The vendor's consent page (the sandbox approves at once). */
  authorizeUrl: string;
  /** Where the code is exchanged for tokens. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
}

/**
 * Plays the admin's browser in an OAuth 2.0 authorization code flow, then exchanges the code
 * like the platform's callback does. Returns the token endpoint's JSON answer.
 */
export async function runAuthorizationCodeFlow(
  flow: AuthorizationCodeFlow,
): Promise<Record<string, unknown>> {
  const redirectUri = 'http://127.0.0.1/oauth/callback';
  const state = Math.random().toString(36).slice(2);
  const authorize = new URL(flow.authorizeUrl);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: flow.clientId,
    redirect_uri: redirectUri,
    state,
    ...(flow.scope ? { scope: flow.scope } : {}),
  }).toString();
  const consent = await fetch(authorize, { redirect: 'manual' });
  const location = consent.headers.get('location');
  if (consent.status < 300 || consent.status > 303 || !location) {
    throw new Error(`authorization refused by ${authorize.host}: HTTP ${consent.status}`);
  }
  const callback = new URL(location);
  const code = callback.searchParams.get('code');
  if (!code || callback.searchParams.get('state') !== state) {
    throw new Error(`unexpected authorization redirect: ${location}`);
  }

  const token = await fetch(flow.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      client_id: flow.clientId,
      client_secret: flow.clientSecret,
      redirect_uri: redirectUri,
    }),
  });
  const body = (await token.json()) as Record<string, unknown>;
  if (!token.ok || body.ok === false || body.error) {
    throw new Error(`token exchange failed at ${flow.tokenUrl}: ${JSON.stringify(body)}`);
  }

  return body;
}
