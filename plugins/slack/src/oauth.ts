import type { OAuthCodeFlow } from '@libs/connector-sdk';

import { DEFAULT_AUTHORIZE_URL } from './constants';
import { completeSlackInstall, SLACK_BOT_SCOPES } from './install';

/**
 * The OAuth v2 install of a Slack app (bot token; with token rotation also a refresh token).
 * Slack's `oauth.v2.access` for bot installs takes the client secret and no PKCE verifier.
 */
export const slackOAuth: OAuthCodeFlow = {
  // https://docs.slack.dev/authentication/installing-with-oauth
  authorizeUrl: (settings) => settings.authorizeUrl || DEFAULT_AUTHORIZE_URL,
  scopes: SLACK_BOT_SCOPES,
  scopeSeparator: ',',
  pkce: false,
  appFields: ['clientId', 'clientSecret'],
  async exchangeCode({ code, redirectUri, credentials, settings }) {
    const install = await completeSlackInstall({
      apiUrl: settings.apiUrl,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      code,
      redirectUri,
    });

    return install.credentials;
  },
};
