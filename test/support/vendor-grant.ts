import { runAuthorizationCodeFlow } from './oauth';

/** The Salesforce connect step: authorization code flow, returning the refresh token. */
export async function authorizeSalesforce(
  loginUrl: string,
  app: { clientId: string; clientSecret: string },
): Promise<string> {
  // https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
  const tokens = await runAuthorizationCodeFlow({
    authorizeUrl: new URL('/services/oauth2/authorize', loginUrl).toString(),
    tokenUrl: new URL('/services/oauth2/token', loginUrl).toString(),
    ...app,
  });

  return String(tokens.refresh_token);
}
