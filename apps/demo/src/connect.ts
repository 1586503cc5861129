import { HUBSPOT_APP, MARKETO_CLIENT, SALESFORCE_CONNECTED_APP, SLACK_APP } from '@app/sandbox';
import type { ApiClient } from './api-client';
import { connectWithOAuth, type ConnectionView } from './oauth';

/** A connection the demo made, and the object its leads are written to. */
export interface DemoConnection {
  integration: string;
  id: string;
}

/** Fails unless the connection tested fine; then Set Defaults for its persona object. */
async function ready(
  api: ApiClient,
  connection: ConnectionView,
  persona?: string,
): Promise<DemoConnection> {
  if (connection.status !== 'connected') {
    throw new Error(
      `${connection.integration} is ${connection.status}: ${JSON.stringify(connection.problem)}`,
    );
  }
  if (persona)
    await api.ok('POST', `/v1/connections/${connection.id}/mappings/${persona}/defaults`);

  return { integration: connection.integration, id: connection.id };
}

/** Salesforce (OAuth through the platform, with PKCE), then Set Defaults for Lead. */
export async function connectSalesforce(
  api: ApiClient,
  sandboxUrl: string,
): Promise<DemoConnection> {
  const connection = await connectWithOAuth(api, 'salesforce', {
    settings: { loginUrl: sandboxUrl },
    credentials: {
      clientId: SALESFORCE_CONNECTED_APP.clientId,
      clientSecret: SALESFORCE_CONNECTED_APP.clientSecret,
    },
  });

  return ready(api, connection, 'Lead');
}

/** HubSpot (OAuth through the platform), then Set Defaults for contacts. */
export async function connectHubSpot(api: ApiClient, sandboxUrl: string): Promise<DemoConnection> {
  const connection = await connectWithOAuth(api, 'hubspot', {
    settings: { baseUrl: sandboxUrl, authorizeUrl: `${sandboxUrl}/oauth/authorize` },
    credentials: { clientId: HUBSPOT_APP.clientId, clientSecret: HUBSPOT_APP.clientSecret },
  });

  return ready(api, connection, 'contacts');
}

/** Marketo (client credentials from its admin page), then Set Defaults for leads. */
export async function connectMarketo(api: ApiClient, sandboxUrl: string): Promise<DemoConnection> {
  const connection = await api.ok<ConnectionView>('POST', '/v1/connections', {
    integration: 'marketo',
    settings: { restBaseUrl: `${sandboxUrl}/rest`, identityBaseUrl: `${sandboxUrl}/identity` },
    credentials: { clientId: MARKETO_CLIENT.clientId, clientSecret: MARKETO_CLIENT.clientSecret },
  });

  return ready(api, connection, 'leads');
}

/** Slack (OAuth v2 install through the platform); every captured lead is announced in `channel`. */
export async function connectSlack(
  api: ApiClient,
  sandboxUrl: string,
  channel: string,
): Promise<DemoConnection> {
  const connection = await connectWithOAuth(api, 'slack', {
    settings: {
      apiUrl: `${sandboxUrl}/api/`,
      authorizeUrl: `${sandboxUrl}/api/oauth/v2/authorize`,
      channel,
    },
    credentials: { clientId: SLACK_APP.clientId, clientSecret: SLACK_APP.clientSecret },
  });

  return ready(api, connection, undefined);
}
