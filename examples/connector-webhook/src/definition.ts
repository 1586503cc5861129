import { defineConnector, SDK_VERSION } from '@mobly/connector-sdk';

import { WebhookClient } from './client';
import {
  CONNECTOR_VERSION,
  LEAD_OBJECT,
  MAX_BATCH_SIZE,
  REQUESTS_PER_WINDOW,
  WINDOW_MS,
} from './constants';
import { recommendedMappings } from './recommended-mappings';

export const webhookConnector = defineConnector({
  id: 'acme-webhook',
  displayName: 'Signed webhook',
  category: 'webhook',
  version: CONNECTOR_VERSION,
  sdkVersion: `^${SDK_VERSION}`,
  auth: {
    scheme: 'api_key',
    fields: [
      {
        name: 'signingSecret',
        label: 'Signing secret',
        secret: true,
        required: true,
        description:
          'Shared with your receiver, which checks X-Mobly-Signature (HMAC-SHA256) on every call.',
      },
    ],
  },
  settings: [
    {
      name: 'endpointUrl',
      label: 'Endpoint URL',
      secret: false,
      required: true,
      description: 'Base URL of your receiver, e.g. https://hooks.example.com/mobly.',
    },
  ],
  capabilities: {
    objects: [{ name: LEAD_OBJECT, label: 'Lead', role: 'persona' }],
    batchUpsert: true,
    campaigns: false,
    notify: false,
  },
  limits: {
    maxBatchSize: MAX_BATCH_SIZE,
    requestsPerWindow: REQUESTS_PER_WINDOW,
    windowMs: WINDOW_MS,
  },
  recommendedMappings,
  create: (context) => new WebhookClient(context),
});
