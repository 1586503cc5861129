import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SALESFORCE_CONNECTED_APP } from '@app/sandbox';
import type { ApiClient } from './api-client';
import { authorizeSalesforce } from './salesforce-oauth';

/** The repository root, from the sources or from their build in `dist/`. */
function repositoryRoot(): string {
  let folder = __dirname;
  while (!existsSync(join(folder, 'package.json')) && dirname(folder) !== folder) {
    folder = dirname(folder);
  }

  return folder;
}

export function sampleLeadsCsv(): string {
  return readFileSync(join(repositoryRoot(), 'test/fixtures/sample-leads.csv'), 'utf8');
}

export interface SalesforceOrg {
  api: ApiClient;
  orgId: string;
  eventId: string;
  connectionId: string;
}

export interface Summary {
  total: number;
  cleared: number;
  failed: number;
  preSync: {
    total: number;
    queued: number;
    inFlight: number;
    awaitingEnrichment: number;
    frozen: number;
    paused: number;
  };
  failedByCategory: { category: string; count: number }[];
}

/**
 * What an admin does on a new org: create it and an event, connect Salesforce (OAuth against
 * the sandbox's authorisation endpoint), then Set Defaults for the Lead object.
 */
export async function setUpSalesforceOrg(
  anonymous: ApiClient,
  sandboxUrl: string,
  name = 'Demo org',
): Promise<SalesforceOrg> {
  const org = await anonymous.ok<{ id: string; apiKey: string }>('POST', '/v1/orgs', { name });
  const api = anonymous.withKey(org.apiKey);
  const event = await api.ok<{ id: string }>('POST', '/v1/events', { name: 'Demo Expo 2026' });
  const refreshToken = await authorizeSalesforce(sandboxUrl, SALESFORCE_CONNECTED_APP);
  const connection = await api.ok<{ id: string; status: string }>('POST', '/v1/connections', {
    integration: 'salesforce',
    settings: { loginUrl: sandboxUrl },
    credentials: {
      clientId: SALESFORCE_CONNECTED_APP.clientId,
      clientSecret: SALESFORCE_CONNECTED_APP.clientSecret,
      refreshToken,
    },
  });
  if (connection.status !== 'connected') {
    throw new Error(`the Salesforce connection is ${connection.status}`);
  }
  await api.ok('POST', `/v1/connections/${connection.id}/mappings/Lead/defaults`);

  return { api, orgId: org.id, eventId: event.id, connectionId: connection.id };
}

export async function summary(org: SalesforceOrg): Promise<Summary> {
  return org.api.ok<Summary>('GET', `/v1/connections/${org.connectionId}/reconciliation/summary`);
}
