/**
 * A Salesforce refresh token obtained straight from the sandbox, the way an admin obtains one
 * outside the platform to connect (or re-authorise) with credentials instead of the OAuth flow.
 */
export async function salesforceRefreshToken(
  loginUrl: string,
  app: { clientId: string; clientSecret: string },
): Promise<string> {
  const redirectUri = 'http://127.0.0.1/oauth/callback';
  const authorize = new URL('/services/oauth2/authorize', loginUrl);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: app.clientId,
    redirect_uri: redirectUri,
  }).toString();
  const consent = await fetch(authorize, { redirect: 'manual' });
  const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code') ?? '';
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
  const body = (await token.json()) as { refresh_token?: string };
  if (!body.refresh_token) throw new Error(`no refresh token: ${JSON.stringify(body)}`);

  return body.refresh_token;
}
