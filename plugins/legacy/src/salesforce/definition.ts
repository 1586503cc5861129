import { defineConnector, SDK_VERSION } from '@libs/connector-sdk';

import { COLLECTION_BATCH_LIMIT, LegacySalesforceClient } from './client';
import { DEFAULT_LOGIN_URL, LegacySalesforceSession } from './session';

/** Requests a Salesforce org runs at once before answering `REQUEST_LIMIT_EXCEEDED`. */
const CONCURRENT_REQUEST_LIMIT = 25;

export const legacySalesforceConnector = defineConnector({
  id: 'legacy-salesforce',
  displayName: 'Salesforce (legacy)',
  category: 'crm',
  vendor: 'salesforce',
  version: '0.1.0',
  sdkVersion: `^${SDK_VERSION}`,
  auth: {
    scheme: 'password',
    fields: [
      {
        name: 'username',
        label: 'Username',
        secret: false,
        required: true,
        description: 'The Salesforce user the integration signs in as.',
      },
      {
        name: 'password',
        label: 'Password',
        secret: true,
        required: true,
        description: "The user's password.",
      },
      {
        name: 'securityToken',
        label: 'Security token',
        secret: true,
        required: true,
        description: "The user's security token (Salesforce emails it on a reset).",
      },
      {
        name: 'accessToken',
        label: 'Session id',
        secret: true,
        required: false,
        description: 'The current session, from the last login.',
      },
      {
        name: 'instanceUrl',
        label: 'Instance URL',
        secret: false,
        required: false,
        description: "The org's API host, from the last login.",
      },
    ],
  },
  settings: [
    {
      name: 'loginUrl',
      label: 'Login URL',
      secret: false,
      required: false,
      description: `Where the user signs in. Default ${DEFAULT_LOGIN_URL}; https://test.salesforce.com for sandboxes.`,
    },
  ],
  capabilities: {
    objects: [
      { name: 'Lead', label: 'Lead', role: 'persona' },
      { name: 'Contact', label: 'Contact', role: 'persona' },
    ],
    batchUpsert: true,
    campaigns: false,
    notify: false,
  },
  limits: { maxBatchSize: COLLECTION_BATCH_LIMIT, concurrency: CONCURRENT_REQUEST_LIMIT },
  // Legacy panels are kept as the admin saved them: there are no recommendations.
  recommendedMappings: () => undefined,
  create: (context) => new LegacySalesforceClient(new LegacySalesforceSession(context)),
});
