import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ApiClient } from './api-client';
import {
  connectHubSpot,
  connectMarketo,
  connectSalesforce,
  connectSlack,
  type DemoConnection,
} from './connect';

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
 * Mobly staff create an org (with its first admin key); its admin then creates an event to
 * capture leads at.
 */
async function createOrg(
  staff: ApiClient,
  name: string,
): Promise<{ api: ApiClient; orgId: string; eventId: string }> {
  const org = await staff.ok<{ id: string; apiKey: string }>('POST', '/v1/orgs', { name });
  const api = staff.withKey(org.apiKey);
  const event = await api.ok<{ id: string }>('POST', '/v1/events', { name: 'Demo Expo 2026' });

  return { api, orgId: org.id, eventId: event.id };
}

/**
 * What an admin does on a new org: create it and an event, connect Salesforce (OAuth against
 * the sandbox's authorisation endpoint), then Set Defaults for the Lead object.
 */
export async function setUpSalesforceOrg(
  staff: ApiClient,
  sandboxUrl: string,
  name = 'Demo org',
): Promise<SalesforceOrg> {
  const org = await createOrg(staff, name);
  const salesforce = await connectSalesforce(org.api, sandboxUrl);

  return { ...org, connectionId: salesforce.id };
}

export interface DemoOrg {
  api: ApiClient;
  orgId: string;
  eventId: string;
  connections: DemoConnection[];
}

/**
 * The full demo org: Salesforce as the primary CRM, HubSpot as the secondary, Marketo for
 * marketing automation, and a Slack channel that hears of every captured lead.
 */
export async function setUpDemoOrg(staff: ApiClient, sandboxUrl: string): Promise<DemoOrg> {
  const org = await createOrg(staff, 'Demo org');
  const connections = [
    await connectSalesforce(org.api, sandboxUrl),
    await connectHubSpot(org.api, sandboxUrl),
    await connectMarketo(org.api, sandboxUrl),
    await connectSlack(org.api, sandboxUrl, 'C07LEADS001'),
  ];

  return { ...org, connections };
}

/** Per connection: how many of the event's leads are Cleared, Failed, still waiting. */
export interface Tally {
  leads: number;
  /** Leads Cleared in every connection. */
  cleared: number;
  /** Leads Failed in at least one connection. */
  failed: number;
  /** Leads still waiting in at least one connection. */
  preSync: number;
  byConnection: { integration: string; cleared: number; total: number }[];
}

export async function tally(org: DemoOrg): Promise<Tally> {
  const leads = await org.api.ok<{ sync: { connectionId: string; state: string }[] }[]>(
    'GET',
    `/v1/events/${org.eventId}/leads?limit=500`,
  );
  const stateOf = (lead: (typeof leads)[number], connectionId: string): string =>
    lead.sync.find((entry) => entry.connectionId === connectionId)?.state ?? 'queued';
  const states = leads.map((lead) => org.connections.map((c) => stateOf(lead, c.id)));

  return {
    leads: leads.length,
    cleared: states.filter((row) => row.every((state) => state === 'cleared')).length,
    failed: states.filter((row) => row.includes('failed')).length,
    preSync: states.filter((row) => row.some((state) => state !== 'cleared' && state !== 'failed'))
      .length,
    byConnection: org.connections.map((connection) => ({
      integration: connection.integration,
      cleared: leads.filter((lead) => stateOf(lead, connection.id) === 'cleared').length,
      total: leads.length,
    })),
  };
}

export async function summary(org: SalesforceOrg): Promise<Summary> {
  return org.api.ok<Summary>('GET', `/v1/connections/${org.connectionId}/reconciliation/summary`);
}
