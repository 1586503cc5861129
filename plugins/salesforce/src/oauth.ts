import { ConnectorError, type OAuthCodeFlow } from '@libs/connector-sdk';
import { OAuth2 } from 'jsforce';

import { DEFAULT_LOGIN_URL } from './constants';
import { failureFromThrown, mapSalesforceError } from './error-map';

/** `api` for the REST API, `refresh_token` so the connection outlives the first session. */
export const SALESFORCE_SCOPES: readonly string[] = ['api', 'refresh_token'];

function loginUrlOf(settings: Record<string, string>): string {
  return (settings.loginUrl || DEFAULT_LOGIN_URL).replace(/\/+$/, '');
}

/** The web server flow of a connected app; Salesforce takes PKCE (S256) on it. */
export const salesforceOAuth: OAuthCodeFlow = {
  // https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
  authorizeUrl: (settings) => `${loginUrlOf(settings)}/services/oauth2/authorize`,
  scopes: SALESFORCE_SCOPES,
  scopeSeparator: ' ',
  pkce: true,
  appFields: ['clientId', 'clientSecret'],
  async exchangeCode({ code, redirectUri, codeVerifier, credentials, settings }) {
    const oauth2 = new OAuth2({
      loginUrl: loginUrlOf(settings),
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      redirectUri,
    });
    let token;
    try {
      // https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_endpoints.htm
      token = await oauth2.requestToken(code, codeVerifier ? { code_verifier: codeVerifier } : {});
    } catch (error) {
      throw new ConnectorError(mapSalesforceError(failureFromThrown(error)), { cause: error });
    }
    if (!token.refresh_token) {
      throw new ConnectorError(
        mapSalesforceError({
          code: 'NO_REFRESH_TOKEN',
          message: 'Salesforce granted no refresh token: add the refresh_token scope to the app',
        }),
      );
    }

    return {
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      refreshToken: token.refresh_token,
      accessToken: token.access_token,
      instanceUrl: token.instance_url,
    };
  },
};
