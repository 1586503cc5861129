/**
 * Plays the admin's browser in the OAuth 2.0 authorization code flow against a Salesforce
 * login URL (the sandbox auto-approves), then exchanges the code like the platform's callback.
 */
export async function authorizeSalesforce(
  loginUrl: string,
  app: { clientId: string; clientSecret: string },
): Promise<string> {
  const redirectUri = 'http://127.0.0.1/oauth/callback';
  const state = Math.random().toString(36).slice(2);
  const authorize = new URL('/services/oauth2/authorize', loginUrl);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: app.clientId,
    redirect_uri: redirectUri,
    state,
  }).toString();
  const consent = await fetch(authorize, { redirect: 'manual' });
  const location = consent.headers.get('location');
  if (consent.status !== 302 || !location) {
    throw new Error(`authorization refused: HTTP ${consent.status}`);
  }
  const callback = new URL(location);
  const code = callback.searchParams.get('code');
  if (!code || callback.searchParams.get('state') !== state) {
    throw new Error(`unexpected authorization redirect: ${location}`);
  }

  // https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
  const token = await fetch(new URL('/services/oauth2/token', loginUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      client_id: app.clientId,
      client_secret: app.clientSecret,
      redirect_uri: redirectUri,
    }),
  });
  const body = (await token.json()) as { refresh_token?: string; error_description?: string };
  if (!token.ok || !body.refresh_token) {
    throw new Error(`token exchange failed: ${body.error_description ?? token.status}`);
  }

  return body.refresh_token;
}
