import { defineConnector, SDK_VERSION } from '@libs/connector-sdk';

import { SlackClient } from './client';
import {
  CONNECTOR_VERSION,
  DEFAULT_API_URL,
  DEFAULT_AUTHORIZE_URL,
  POST_WINDOW_MS,
  POSTS_PER_WINDOW,
} from './constants';
import { slackOAuth } from './oauth';
import { SlackSession } from './session';

export const slackConnector = defineConnector({
  id: 'slack',
  displayName: 'Slack',
  category: 'communication',
  version: CONNECTOR_VERSION,
  sdkVersion: `^${SDK_VERSION}`,
  auth: {
    scheme: 'oauth2_authorization_code',
    fields: [
      {
        name: 'botToken',
        label: 'Bot token',
        secret: true,
        required: true,
        description:
          'Bot User OAuth Token from the install (xoxb-…, or xoxe.xoxb-… with rotation).',
      },
      {
        name: 'clientId',
        label: 'Client ID',
        secret: false,
        required: false,
        description: "The Slack app's client id; with token rotation, needed to refresh.",
      },
      {
        name: 'clientSecret',
        label: 'Client secret',
        secret: true,
        required: false,
        description: "The Slack app's client secret; with token rotation, needed to refresh.",
      },
      {
        name: 'refreshToken',
        label: 'Refresh token',
        secret: true,
        required: false,
        description: 'With token rotation: exchanged for a new bot token every 12 hours.',
      },
      {
        name: 'tokenExpiresAt',
        label: 'Token expiry',
        secret: false,
        required: false,
        description: 'With token rotation: when the bot token expires (ISO-8601).',
      },
    ],
    oauth: slackOAuth,
  },
  settings: [
    {
      name: 'apiUrl',
      label: 'Web API URL',
      secret: false,
      required: false,
      description: `Base of the Web API. Default ${DEFAULT_API_URL}.`,
    },
    {
      name: 'authorizeUrl',
      label: 'Install page URL',
      secret: false,
      required: false,
      description: `Where the admin installs the app when connecting with OAuth. Default ${DEFAULT_AUTHORIZE_URL}.`,
    },
    {
      name: 'channel',
      label: 'Channel',
      secret: false,
      required: true,
      description: 'The channel (id, or name of a public channel) that gets the messages.',
    },
  ],
  capabilities: {
    objects: [],
    batchUpsert: false,
    campaigns: false,
    notify: true,
  },
  // One message per call; about one message per second per channel.
  limits: { maxBatchSize: 1, requestsPerWindow: POSTS_PER_WINDOW, windowMs: POST_WINDOW_MS },
  recommendedMappings: () => undefined,
  create: (context) => new SlackClient(new SlackSession(context), context.settings),
});
