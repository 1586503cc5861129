import { defineConnector, SDK_VERSION } from '@libs/connector-sdk';

import { SalesforceClient } from './client';
import {
  COLLECTION_BATCH_LIMIT,
  CONCURRENT_REQUEST_LIMIT,
  CONNECTOR_VERSION,
  DEFAULT_LOGIN_URL,
  DEFAULT_MATCHING_STRATEGY,
  MATCHING_STRATEGIES,
} from './constants';
import { salesforceOAuth } from './oauth';
import { SALESFORCE_OBJECTS } from './objects';
import { recommendedMappings } from './recommended-mappings';
import { SalesforceSession } from './session';
import { plannedWrites } from './strategies';
import { matchingStrategyOf } from './upsert';

export const salesforceConnector = defineConnector({
  id: 'salesforce',
  displayName: 'Salesforce',
  category: 'crm',
  version: CONNECTOR_VERSION,
  sdkVersion: `^${SDK_VERSION}`,
  auth: {
    scheme: 'oauth2_authorization_code',
    fields: [
      {
        name: 'clientId',
        label: 'Consumer key',
        secret: false,
        required: true,
        description: 'Consumer key of the connected app.',
      },
      {
        name: 'clientSecret',
        label: 'Consumer secret',
        secret: true,
        required: true,
        description: 'Consumer secret of the connected app.',
      },
      {
        name: 'refreshToken',
        label: 'Refresh token',
        secret: true,
        required: true,
        description: 'Obtained when the admin authorises the connected app.',
      },
      {
        name: 'accessToken',
        label: 'Access token',
        secret: true,
        required: false,
        description: 'Current session; obtained by refresh when absent or expired.',
      },
      {
        name: 'instanceUrl',
        label: 'Instance URL',
        secret: false,
        required: false,
        description: "The org's API host, as returned by the token endpoint.",
      },
    ],
    oauth: salesforceOAuth,
  },
  settings: [
    {
      name: 'loginUrl',
      label: 'Login URL',
      secret: false,
      required: false,
      description: `Token endpoint host. Default ${DEFAULT_LOGIN_URL}; https://test.salesforce.com for sandboxes, or the org's My Domain URL.`,
    },
    {
      name: 'matchingStrategy',
      label: 'Matching strategy',
      secret: false,
      required: false,
      description: `How existing records are found before creating one. '${DEFAULT_MATCHING_STRATEGY}' (default): the stored Lead id, else an open Lead with the same email, else a new Lead. 'leads_and_contacts': a Contact by stored id or email first, then as Leads only. 'accounts_and_contacts': a Contact by stored id or email, else a new Contact under the Account found by stored id, website domain or name, or under a new Account.`,
      options: MATCHING_STRATEGIES,
    },
  ],
  capabilities: {
    objects: SALESFORCE_OBJECTS,
    batchUpsert: true,
    campaigns: true,
    notify: false,
  },
  limits: { maxBatchSize: COLLECTION_BATCH_LIMIT, concurrency: CONCURRENT_REQUEST_LIMIT },
  recommendedMappings,
  plannedWrites: (settings, object, record) =>
    plannedWrites(matchingStrategyOf(settings.matchingStrategy), object, record),
  create: (context) => new SalesforceClient(new SalesforceSession(context), context.settings),
});
