import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  connectHubSpot,
  connectMarketo,
  connectSalesforce,
  connectSlack,
  sampleLeadsCsv,
  tally,
  waitFor,
  type DemoConnection,
  type DemoOrg,
} from '@app/demo';
import {
  HUBSPOT_APP,
  MARKETO_CLIENT,
  SALESFORCE_CONNECTED_APP,
  SALESFORCE_USER,
  SLACK_APP,
} from '@app/sandbox';
import { ConnectionsService } from '@libs/connections';
import { ConnectorRegistry } from '@libs/plugin-host';
import {
  startWebhookReceiver,
  type RunningWebhookReceiver,
} from '@examples/connector-webhook/src/emulator';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { salesforceRefreshToken } from '../support/vendor-grant';

const run = promisify(execFile);

/** Strings in request bodies the emulators received that are secrets (tokens, verifiers). */
const SECRET_PARAMETERS = ['refresh_token', 'client_secret', 'code_verifier', 'access_token'];

function secretParameters(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];

  return Object.entries(body).flatMap(([name, value]) =>
    SECRET_PARAMETERS.includes(name) && typeof value === 'string' ? [value] : [],
  );
}

describe('Secrets stay out of logs and the database', () => {
  let t: TestPlatform;
  let receiver: RunningWebhookReceiver;
  const logLines: string[] = [];
  const secrets = new Set<string>();

  beforeAll(async () => {
    receiver = await startWebhookReceiver({ port: 0 });
    t = await startTestPlatform({
      queue: 'postgres',
      env: { LOG_LEVEL: 'trace', CONNECTOR_PLUGINS: './examples/connector-webhook/src' },
      logStream: { write: (line) => logLines.push(line) },
    });
    t.sandbox.slack.configure({ tokenRotation: true });
    t.sandbox.hubspot.configure({ refreshTokenRotation: true });
    t.sandbox.salesforce.setRefreshTokenRotation(true);
  });

  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  /** Every secret credential a connection holds now, opened from the database. */
  async function rememberCredentials(connections: DemoConnection[]): Promise<void> {
    const store = t.platform.app.get(ConnectionsService);
    const registry = t.platform.app.get(ConnectorRegistry);
    for (const connection of connections) {
      const credentials = await store.credentialsOf(connection.id);
      for (const field of registry.get(connection.integration).auth.fields) {
        if (field.secret && credentials[field.name]) secrets.add(credentials[field.name]);
      }
    }
  }

  it('connects with OAuth, client credentials and an API key, syncs, and leaks nothing', async () => {
    const written: string[] = [];
    const capture = (stream: NodeJS.WriteStream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));

        return true;
      });
    const spies = [capture(process.stdout), capture(process.stderr)];

    const created = await t.staff.ok<{ id: string; apiKey: string }>('POST', '/v1/orgs', {
      name: 'Secrets org',
    });
    secrets.add(created.apiKey);
    const api = t.api.withKey(created.apiKey);
    const event = await api.ok<{ id: string }>('POST', '/v1/events', { name: 'Secrets Expo' });
    const url = t.sandbox.url;
    const connections = [
      await connectSalesforce(api, url),
      await connectHubSpot(api, url),
      await connectMarketo(api, url),
      await connectSlack(api, url, 'C07LEADS001'),
    ];
    const webhook = await api.ok<{ id: string; status: string }>('POST', '/v1/connections', {
      integration: 'acme-webhook',
      credentials: { signingSecret: receiver.receiver.secret },
      settings: { endpointUrl: receiver.endpointUrl },
    });
    await api.ok('POST', `/v1/connections/${webhook.id}/mappings/lead/defaults`);
    connections.push({ integration: 'acme-webhook', id: webhook.id });
    // A Salesforce refresh token pasted in as credentials, then replaced by re-authorisation.
    const pasted = await salesforceRefreshToken(url, SALESFORCE_CONNECTED_APP);
    secrets.add(pasted);
    await api.ok('POST', `/v1/connections/${connections[0].id}/reauthorize`, {
      credentials: {
        clientId: SALESFORCE_CONNECTED_APP.clientId,
        clientSecret: SALESFORCE_CONNECTED_APP.clientSecret,
        refreshToken: pasted,
      },
    });
    await rememberCredentials(connections);

    const org: DemoOrg = { api, orgId: created.id, eventId: event.id, connections };
    const { imported } = await api.importCsv(event.id, sampleLeadsCsv());
    const settled = () =>
      waitFor(
        async () => {
          const current = await tally(org);

          return current.preSync === 0 ? current : undefined;
        },
        'every lead to settle',
        90_000,
      );
    expect(await settled()).toMatchObject({ leads: imported, cleared: imported, failed: 0 });

    // Expired sessions: every OAuth connection refreshes (and rotates its refresh token).
    t.sandbox.salesforce.expireAccessTokens();
    t.sandbox.hubspot.expireAccessTokens();
    t.sandbox.slack.expireAccessTokens();
    await api.ok('POST', '/v1/leads', {
      eventId: event.id,
      firstName: 'After',
      lastName: 'Refresh',
      email: 'after.refresh@example.com',
      company: { name: 'Acme' },
      isEnriched: true,
    });
    expect(await settled()).toMatchObject({ cleared: imported + 1, failed: 0 });
    await rememberCredentials(connections);
    spies.forEach((spy) => spy.mockRestore());

    for (const journal of [
      t.sandbox.salesforce.journal(),
      t.sandbox.hubspot.journal(),
      t.sandbox.slack.journal().map((entry) => ({ body: entry.args })),
    ]) {
      for (const entry of journal) secretParameters(entry.body).forEach((s) => secrets.add(s));
    }
    for (const secret of [
      SALESFORCE_CONNECTED_APP.clientSecret,
      SALESFORCE_USER.password,
      HUBSPOT_APP.clientSecret,
      SLACK_APP.clientSecret,
      MARKETO_CLIENT.clientSecret,
      receiver.receiver.secret,
    ]) {
      secrets.add(secret);
    }
    const checked = [...secrets].filter((secret) => secret.length >= 8);
    // Tokens from every vendor: app secrets, pasted and rotated refresh tokens, access tokens.
    expect(checked.length).toBeGreaterThan(20);

    const logs = [...logLines, ...written].join('\n');
    expect(logs).toContain('oauth code exchanged');
    expect(logs).toContain('credentials refreshed');
    const { stdout: dump } = await run('pg_dump', ['--data-only', '--no-owner', t.database.url], {
      maxBuffer: 256 * 1024 * 1024,
    });
    expect(dump).toContain('COPY public.connections');
    expect(dump).toContain('COPY public.oauth_states');

    expect(checked.filter((secret) => logs.includes(secret))).toEqual([]);
    expect(checked.filter((secret) => dump.includes(secret))).toEqual([]);
  });
});
