import { defineConnector, SDK_VERSION } from '@libs/connector-sdk';

import { HubSpotClient } from './client';
import {
  BATCH_LIMIT,
  CONNECTOR_VERSION,
  DEFAULT_AUTHORIZE_URL,
  DEFAULT_BASE_URL,
  HUBSPOT_CRM_API_VERSION,
  HUBSPOT_OAUTH_API_VERSION,
  RATE_WINDOW_MS,
  REQUESTS_PER_WINDOW,
} from './constants';
import { hubspotOAuth } from './oauth';
import { HUBSPOT_OBJECTS } from './objects';
import { recommendedMappings } from './recommended-mappings';
import { HubSpotSession } from './session';

export const hubspotConnector = defineConnector({
  id: 'hubspot',
  displayName: 'HubSpot',
  category: 'crm',
  version: CONNECTOR_VERSION,
  sdkVersion: `^${SDK_VERSION}`,
  auth: {
    scheme: 'oauth2_authorization_code',
    fields: [
      {
        name: 'clientId',
        label: 'Client ID',
        secret: false,
        required: true,
        description: 'Client ID of the HubSpot app.',
      },
      {
        name: 'clientSecret',
        label: 'Client secret',
        secret: true,
        required: true,
        description: 'Client secret of the HubSpot app.',
      },
      {
        name: 'refreshToken',
        label: 'Refresh token',
        secret: true,
        required: true,
        description: 'Obtained when the admin installs the app in their HubSpot account.',
      },
      {
        name: 'accessToken',
        label: 'Access token',
        secret: true,
        required: false,
        description: `Current token from /oauth/${HUBSPOT_OAUTH_API_VERSION}/token; lives 30 minutes and is refreshed when absent or about to expire.`,
      },
      {
        name: 'expiresAt',
        label: 'Access token expiry',
        secret: false,
        required: false,
        description: 'ISO-8601 time the access token expires.',
      },
    ],
    oauth: hubspotOAuth,
  },
  settings: [
    {
      name: 'baseUrl',
      label: 'API base URL',
      secret: false,
      required: false,
      description: `Host of the HubSpot API (CRM ${HUBSPOT_CRM_API_VERSION}, OAuth ${HUBSPOT_OAUTH_API_VERSION}). Default ${DEFAULT_BASE_URL}.`,
    },
    {
      name: 'authorizeUrl',
      label: 'Consent page URL',
      secret: false,
      required: false,
      description: `Where the admin installs the app when connecting with OAuth. Default ${DEFAULT_AUTHORIZE_URL}.`,
    },
  ],
  capabilities: {
    objects: HUBSPOT_OBJECTS,
    batchUpsert: true,
    campaigns: true,
    notify: false,
  },
  limits: {
    maxBatchSize: BATCH_LIMIT,
    requestsPerWindow: REQUESTS_PER_WINDOW,
    windowMs: RATE_WINDOW_MS,
  },
  recommendedMappings,
  create: (context) => new HubSpotClient(new HubSpotSession(context)),
});
