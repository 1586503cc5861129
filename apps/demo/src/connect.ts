import { HUBSPOT_APP, MARKETO_CLIENT, SALESFORCE_CONNECTED_APP, SLACK_APP } from '@app/sandbox';
import type { ApiClient } from './api-client';
import { runAuthorizationCodeFlow } from './oauth';
import { authorizeSalesforce } from './salesforce-oauth';

/** A connection the demo made, and the object its leads are written to. */
export interface DemoConnection {
  integration: string;
  id: string;
}

async function connect(
  api: ApiClient,
  body: {
    integration: string;
    credentials: Record<string, string>;
    settings: Record<string, string>;
  },
  persona?: string,
): Promise<DemoConnection> {
  const connection = await api.ok<{ id: string; status: string; problem: unknown }>(
    'POST',
    '/v1/connections',
    body,
  );
  if (connection.status !== 'connected') {
    throw new Error(
      `${body.integration} is ${connection.status}: ${JSON.stringify(connection.problem)}`,
    );
  }
  if (persona)
    await api.ok('POST', `/v1/connections/${connection.id}/mappings/${persona}/defaults`);

  return { integration: body.integration, id: connection.id };
}

/** Salesforce (OAuth), then Set Defaults for Lead. */
export async function connectSalesforce(
  api: ApiClient,
  sandboxUrl: string,
): Promise<DemoConnection> {
  const refreshToken = await authorizeSalesforce(sandboxUrl, SALESFORCE_CONNECTED_APP);

  return connect(
    api,
    {
      integration: 'salesforce',
      settings: { loginUrl: sandboxUrl },
      credentials: {
        clientId: SALESFORCE_CONNECTED_APP.clientId,
        clientSecret: SALESFORCE_CONNECTED_APP.clientSecret,
        refreshToken,
      },
    },
    'Lead',
  );
}

/** HubSpot (OAuth), then Set Defaults for contacts. */
export async function connectHubSpot(api: ApiClient, sandboxUrl: string): Promise<DemoConnection> {
  // https://developers.hubspot.com/docs/api/oauth-quickstart-guide
  const tokens = await runAuthorizationCodeFlow({
    authorizeUrl: `${sandboxUrl}/oauth/authorize`,
    tokenUrl: `${sandboxUrl}/oauth/v1/token`,
    clientId: HUBSPOT_APP.clientId,
    clientSecret: HUBSPOT_APP.clientSecret,
    scope: HUBSPOT_APP.scopes.join(' '),
  });

  return connect(
    api,
    {
      integration: 'hubspot',
      settings: { baseUrl: sandboxUrl },
      credentials: {
        clientId: HUBSPOT_APP.clientId,
        clientSecret: HUBSPOT_APP.clientSecret,
        refreshToken: String(tokens.refresh_token),
      },
    },
    'contacts',
  );
}

/** Marketo (client credentials from its admin page), then Set Defaults for leads. */
export async function connectMarketo(api: ApiClient, sandboxUrl: string): Promise<DemoConnection> {
  return connect(
    api,
    {
      integration: 'marketo',
      settings: { restBaseUrl: `${sandboxUrl}/rest`, identityBaseUrl: `${sandboxUrl}/identity` },
      credentials: { clientId: MARKETO_CLIENT.clientId, clientSecret: MARKETO_CLIENT.clientSecret },
    },
    'leads',
  );
}

/** Slack (OAuth v2 install); every captured lead is announced in `channel`. */
export async function connectSlack(
  api: ApiClient,
  sandboxUrl: string,
  channel: string,
): Promise<DemoConnection> {
  // https://docs.slack.dev/authentication/installing-with-oauth
  const install = await runAuthorizationCodeFlow({
    authorizeUrl: `${sandboxUrl}/api/oauth/v2/authorize`,
    tokenUrl: `${sandboxUrl}/api/oauth.v2.access`,
    clientId: SLACK_APP.clientId,
    clientSecret: SLACK_APP.clientSecret,
    scope: 'chat:write,channels:read',
  });

  return connect(api, {
    integration: 'slack',
    settings: { apiUrl: `${sandboxUrl}/api/`, channel },
    credentials: { botToken: String(install.access_token) },
  });
}
