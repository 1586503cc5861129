import { defineConnector, SDK_VERSION } from '@libs/connector-sdk';

import { BATCH_LIMIT, DEFAULT_BASE_URL, LegacyHubSpotClient } from './client';

export const legacyHubSpotConnector = defineConnector({
  id: 'legacy-hubspot',
  displayName: 'HubSpot (legacy)',
  category: 'crm',
  vendor: 'hubspot',
  version: '0.1.0',
  sdkVersion: `^${SDK_VERSION}`,
  auth: {
    scheme: 'api_key',
    fields: [
      {
        name: 'privateAppToken',
        label: 'Private app access token',
        secret: true,
        required: true,
        description: 'The access token of a private app in the HubSpot account (pat-…).',
      },
    ],
  },
  settings: [
    {
      name: 'baseUrl',
      label: 'API base URL',
      secret: false,
      required: false,
      description: `Host of the HubSpot API. Default ${DEFAULT_BASE_URL}.`,
    },
  ],
  capabilities: {
    objects: [{ name: 'contacts', label: 'Contacts', role: 'persona' }],
    batchUpsert: true,
    campaigns: false,
    notify: false,
  },
  // Private apps on Free/Starter accounts: 100 calls per rolling 10 seconds.
  limits: { maxBatchSize: BATCH_LIMIT, requestsPerWindow: 100, windowMs: 10_000 },
  recommendedMappings: () => undefined,
  create: (context) => new LegacyHubSpotClient(context),
});
