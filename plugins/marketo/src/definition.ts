import { defineConnector, SDK_VERSION } from '@libs/connector-sdk';

import { MarketoClient } from './client';
import {
  BATCH_RECORD_LIMIT,
  CONCURRENCY_LIMIT,
  CONNECTOR_VERSION,
  DAILY_QUOTA,
  LEADS_OBJECT,
  RATE_LIMIT,
} from './constants';
import { recommendedMappings } from './recommended-mappings';

export const marketoConnector = defineConnector({
  id: 'marketo',
  displayName: 'Marketo Engage',
  category: 'marketing_automation',
  version: CONNECTOR_VERSION,
  sdkVersion: `^${SDK_VERSION}`,
  auth: {
    scheme: 'client_credentials',
    fields: [
      {
        name: 'clientId',
        label: 'Client ID',
        secret: false,
        required: true,
        description:
          'Client ID of the LaunchPoint custom service (Admin > LaunchPoint > View Details).',
      },
      {
        name: 'clientSecret',
        label: 'Client secret',
        secret: true,
        required: true,
        description: 'Client secret of the same custom service.',
      },
    ],
  },
  settings: [
    {
      name: 'restBaseUrl',
      label: 'REST API base URL',
      secret: false,
      required: true,
      description:
        'Admin > Web Services > REST API Endpoint, e.g. https://123-ABC-456.mktorest.com/rest.',
    },
    {
      name: 'identityBaseUrl',
      label: 'Identity base URL',
      secret: false,
      required: true,
      description:
        'Admin > Web Services > Identity, e.g. https://123-ABC-456.mktorest.com/identity.',
    },
    {
      name: 'programStatus',
      label: 'Default program status',
      secret: false,
      required: false,
      description:
        "Status given to program members when the campaign names none, e.g. 'Registered'.",
    },
  ],
  capabilities: {
    objects: [{ name: LEADS_OBJECT, label: 'Lead', role: 'persona' }],
    batchUpsert: true,
    campaigns: true,
    notify: false,
  },
  limits: {
    maxBatchSize: BATCH_RECORD_LIMIT,
    requestsPerWindow: RATE_LIMIT.requests,
    windowMs: RATE_LIMIT.windowMs,
    dailyCap: DAILY_QUOTA,
    concurrency: CONCURRENCY_LIMIT,
  },
  recommendedMappings,
  create: (context) => new MarketoClient(context),
});
