import type { Credentials } from '@libs/connector-sdk';
import { WebClient } from '@slack/web-api';

import { DEFAULT_AUTHORIZE_URL } from './constants';
import { asConnectorError } from './error-map';
import { webClientOptions } from './session';

/** Bot scopes the connector asks for: post messages, and list channels for the admin to pick. */
export const SLACK_BOT_SCOPES: readonly string[] = ['chat:write', 'channels:read'];

export interface SlackInstallRequest {
  /** Slack's install page; default https://slack.com/oauth/v2/authorize. */
  authorizeUrl?: string;
  clientId: string;
  redirectUri: string;
  scopes?: readonly string[];
  /** Opaque value echoed back to the redirect URI, against CSRF. */
  state?: string;
}

export interface SlackInstallResult {
  /** What the connection stores: the bot token and, with token rotation, how to refresh it. */
  credentials: Credentials;
  team: { id: string; name: string };
  scopes: string[];
  botUserId?: string;
}

/** Where to send the admin to install the app: Slack's OAuth v2 authorize page. */
export function slackInstallUrl(request: SlackInstallRequest): string {
  const url = new URL(request.authorizeUrl || DEFAULT_AUTHORIZE_URL);
  url.searchParams.set('client_id', request.clientId);
  url.searchParams.set('scope', (request.scopes ?? SLACK_BOT_SCOPES).join(','));
  url.searchParams.set('redirect_uri', request.redirectUri);
  if (request.state !== undefined) url.searchParams.set('state', request.state);

  return url.toString();
}

/** Exchanges the code Slack sent to the redirect URI for the installation's bot token. */
export async function completeSlackInstall(exchange: {
  apiUrl?: string;
  clientId: string;
  clientSecret: string;
  code: string;
  redirectUri: string;
}): Promise<SlackInstallResult> {
  const client = new WebClient(undefined, webClientOptions(exchange.apiUrl));
  let response: Awaited<ReturnType<WebClient['oauth']['v2']['access']>>;
  try {
    // https://docs.slack.dev/reference/methods/oauth.v2.access
    response = await client.oauth.v2.access({
      client_id: exchange.clientId,
      client_secret: exchange.clientSecret,
      code: exchange.code,
      redirect_uri: exchange.redirectUri,
    });
  } catch (error) {
    throw asConnectorError(error);
  }

  const credentials: Credentials = {
    botToken: response.access_token ?? '',
    clientId: exchange.clientId,
    clientSecret: exchange.clientSecret,
  };
  if (response.refresh_token) credentials.refreshToken = response.refresh_token;
  if (response.expires_in !== undefined) {
    credentials.tokenExpiresAt = new Date(Date.now() + response.expires_in * 1000).toISOString();
  }
  const result: SlackInstallResult = {
    credentials,
    team: { id: response.team?.id ?? '', name: response.team?.name ?? '' },
    scopes: (response.scope ?? '').split(',').filter((scope) => scope !== ''),
  };
  if (response.bot_user_id) result.botUserId = response.bot_user_id;

  return result;
}
