import { defineConnector, SDK_VERSION } from '@mobly/connector-sdk';

import { SampleVendorClient } from './client';
import {
  CONNECTOR_VERSION,
  CONTACT_OBJECT,
  MAX_BATCH_SIZE,
  REQUESTS_PER_WINDOW,
  WINDOW_MS,
} from './constants';
import { recommendedMappings } from './recommended-mappings';

export const sampleVendorConnector = defineConnector({
  id: 'sample-vendor',
  displayName: 'Sample Vendor',
  category: 'crm',
  version: CONNECTOR_VERSION,
  sdkVersion: `^${SDK_VERSION}`,
  auth: {
    scheme: 'client_credentials',
    fields: [
      { name: 'clientId', label: 'Client ID', secret: false, required: true },
      { name: 'clientSecret', label: 'Client secret', secret: true, required: true },
    ],
  },
  settings: [
    {
      name: 'apiUrl',
      label: 'API URL',
      secret: false,
      required: true,
      description: 'Base URL of the Sample Vendor API, e.g. https://api.sample-vendor.example.',
    },
  ],
  capabilities: {
    objects: [{ name: CONTACT_OBJECT, label: 'Contact', role: 'persona' }],
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
  create: (context) => new SampleVendorClient(context),
});
