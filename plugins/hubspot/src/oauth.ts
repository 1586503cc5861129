import type { OAuthCodeFlow } from '@libs/connector-sdk';
import { Client } from '@hubspot/api-client';

import { DEFAULT_AUTHORIZE_URL, DEFAULT_BASE_URL } from './constants';
import { failureFromThrown, HubSpotError } from './error-map';

/** What the connector reads and writes: contacts, companies (associations) and lists. */
export const HUBSPOT_SCOPES: readonly string[] = [
  'oauth',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  'crm.objects.companies.write',
  'crm.lists.read',
  'crm.lists.write',
];

/**
 * The install flow of a HubSpot app. HubSpot's v1 OAuth documents no PKCE parameters, so the
 * flow relies on the client secret and the signed state alone.
 */
export const hubspotOAuth: OAuthCodeFlow = {
  // https://developers.hubspot.com/docs/api/oauth-quickstart-guide
  authorizeUrl: (settings) => settings.authorizeUrl || DEFAULT_AUTHORIZE_URL,
  scopes: HUBSPOT_SCOPES,
  scopeSeparator: ' ',
  pkce: false,
  appFields: ['clientId', 'clientSecret'],
  async exchangeCode({ code, redirectUri, credentials, settings }) {
    const client = new Client({
      basePath: (settings.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, ''),
      numberOfApiCallRetries: 0,
    });
    let token;
    try {
      // https://developers.hubspot.com/docs/api/oauth/tokens (get tokens from a code)
      token = await client.oauth.tokensApi.create(
        'authorization_code',
        code,
        redirectUri,
        credentials.clientId,
        credentials.clientSecret,
      );
    } catch (error) {
      throw new HubSpotError(failureFromThrown(error), { cause: error });
    }

    return {
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      refreshToken: token.refreshToken,
      accessToken: token.accessToken,
      expiresAt: new Date(Date.now() + token.expiresIn * 1000).toISOString(),
    };
  },
};
