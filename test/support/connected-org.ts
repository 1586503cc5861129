import {
  connectWithOAuth,
  summary,
  waitFor,
  type ApiClient,
  type SalesforceOrg,
  type Summary,
} from '@app/demo';
import { HUBSPOT_APP, SALESFORCE_CONNECTED_APP } from '@app/sandbox';

/** Waits until the org's connection holds `total` leads and none is still before its sync. */
export async function settled(org: SalesforceOrg, total: number): Promise<Summary> {
  return waitFor(async () => {
    const current = await summary(org);

    return current.total === total && current.preSync.total === 0 ? current : undefined;
  }, `${total} leads to settle`);
}

/**
 * A new org with an event and one connection (OAuth through the emulator) with `settings`, Set
 * Defaults applied to each of `objects`.
 */
export async function setUpConnectedOrg(
  staff: ApiClient,
  options: {
    name: string;
    integration?: 'salesforce' | 'hubspot';
    settings: Record<string, string>;
    objects: string[];
  },
): Promise<SalesforceOrg> {
  const integration = options.integration ?? 'salesforce';
  const created = await staff.ok<{ id: string; apiKey: string }>('POST', '/v1/orgs', {
    name: options.name,
  });
  const api = staff.withKey(created.apiKey);
  const event = await api.ok<{ id: string }>('POST', '/v1/events', {
    name: `${options.name} Expo`,
  });
  const app = integration === 'salesforce' ? SALESFORCE_CONNECTED_APP : HUBSPOT_APP;
  const connection = await connectWithOAuth(api, integration, {
    settings: options.settings,
    credentials: { clientId: app.clientId, clientSecret: app.clientSecret },
  });
  if (connection.status !== 'connected') {
    throw new Error(`connection ${connection.id} is ${connection.status}, not connected`);
  }
  for (const object of options.objects) {
    await api.ok('POST', `/v1/connections/${connection.id}/mappings/${object}/defaults`);
  }

  return { api, orgId: created.id, eventId: event.id, connectionId: connection.id };
}
