import { createHmac } from 'node:crypto';
import { sampleLeadsCsv, waitFor, type ApiClient, type Summary } from '@app/demo';
import { MARKETO_CLIENT } from '@app/sandbox';
import type { LeadDto } from '@libs/intake';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import {
  startWebhookReceiver,
  type RunningWebhookReceiver,
} from '@examples/connector-webhook/src/emulator';

const PLUGIN = './examples/connector-webhook/src';
const INTEGRATION = 'acme-webhook';

interface Card {
  id: string;
  displayName: string;
  status: string;
  authScheme: string;
  authFields: { name: string; secret: boolean }[];
  capabilities: { objects: string[]; batchUpsert: boolean };
  connections: { id: string; status: string }[];
}

interface Catalogue {
  categories: { category: string; integrations: Card[] }[];
  unavailable: { plugin: string; reason: string }[];
}

interface WebhookOrg {
  api: ApiClient;
  eventId: string;
  connectionId: string;
}

describe('A third-party webhook connector loaded from CONNECTOR_PLUGINS', () => {
  let t: TestPlatform;
  let running: RunningWebhookReceiver;

  beforeAll(async () => {
    running = await startWebhookReceiver({ port: 0 });
    t = await startTestPlatform({ env: { CONNECTOR_PLUGINS: PLUGIN } });
  });

  afterAll(async () => {
    await t?.close();
    await running?.close();
  });

  beforeEach(() => running.receiver.reset());

  async function newOrg(name: string): Promise<{ api: ApiClient; eventId: string }> {
    const org = await t.staff.ok<{ apiKey: string }>('POST', '/v1/orgs', { name });
    const api = t.api.withKey(org.apiKey);
    const event = await api.ok<{ id: string }>('POST', '/v1/events', { name: 'Webhook Expo' });

    return { api, eventId: event.id };
  }

  /** Connects the receiver and applies Set Defaults for `lead`, as an admin would. */
  async function connectedOrg(name: string): Promise<WebhookOrg> {
    const { api, eventId } = await newOrg(name);
    const connection = await api.ok<{ id: string; status: string; account?: string }>(
      'POST',
      '/v1/connections',
      {
        integration: INTEGRATION,
        credentials: { signingSecret: running.receiver.secret },
        settings: { endpointUrl: running.endpointUrl },
      },
    );
    expect(connection).toMatchObject({ status: 'connected', account: 'Acme lead receiver' });
    await api.ok('POST', `/v1/connections/${connection.id}/mappings/lead/defaults`);

    return { api, eventId, connectionId: connection.id };
  }

  async function settled(org: WebhookOrg, total: number): Promise<Summary> {
    return waitFor(async () => {
      const current = await org.api.ok<Summary>(
        'GET',
        `/v1/connections/${org.connectionId}/reconciliation/summary`,
      );

      return current.total === total && current.preSync.total === 0 ? current : undefined;
    }, `${total} leads to settle`);
  }

  it('lists the example under Webhooks in the integrations catalogue', async () => {
    const { api } = await newOrg('Catalogue org');

    const catalogue = await api.ok<Catalogue>('GET', '/v1/integrations');

    const webhooks = catalogue.categories.find((group) => group.category === 'webhook');
    expect(webhooks?.integrations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: INTEGRATION,
          displayName: 'Signed webhook',
          status: 'not_connected',
          authScheme: 'api_key',
          authFields: [expect.objectContaining({ name: 'signingSecret', secret: true })],
          capabilities: expect.objectContaining({ objects: ['lead'], batchUpsert: true }),
          connections: [],
        }),
      ]),
    );
    const unavailable = catalogue.unavailable.map((entry) => entry.plugin);
    expect(unavailable).not.toContain(PLUGIN);
    expect(unavailable).not.toContain(INTEGRATION);
  });

  it('validates the API-key and client-credentials forms, naming each field, storing nothing', async () => {
    const { api } = await newOrg('Forms org');
    const fieldsOf = async (body: unknown) => {
      const answer = await api.request<{ errors?: { field: string }[] }>(
        'POST',
        '/v1/connections',
        body,
      );
      expect(answer.status).toBe(422);

      return (answer.body.errors ?? []).map((error) => error.field).sort();
    };

    expect(await fieldsOf({ integration: INTEGRATION, credentials: {}, settings: {} })).toEqual([
      'credentials.signingSecret',
      'settings.endpointUrl',
    ]);
    expect(
      await fieldsOf({
        integration: INTEGRATION,
        credentials: { signingSecret: running.receiver.secret, token: 'x' },
        settings: { endpointUrl: 'ftp://receiver.example' },
      }),
    ).toEqual(['credentials.token', 'settings.endpointUrl']);
    expect(
      await fieldsOf({
        integration: 'marketo',
        credentials: { clientId: MARKETO_CLIENT.clientId },
        settings: {},
      }),
    ).toEqual(['credentials.clientSecret', 'settings.identityBaseUrl', 'settings.restBaseUrl']);
    expect(await api.ok<unknown[]>('GET', '/v1/connections')).toEqual([]);

    // A complete form with a wrong secret is stored, and waits for the admin to fix it.
    const refused = await api.ok<{ status: string; problem: { category: string } | null }>(
      'POST',
      '/v1/connections',
      {
        integration: 'marketo',
        credentials: { clientId: MARKETO_CLIENT.clientId, clientSecret: 'not-the-secret' },
        settings: {
          restBaseUrl: `${t.sandbox.url}/rest`,
          identityBaseUrl: `${t.sandbox.url}/identity`,
        },
      },
    );
    expect(refused).toMatchObject({
      status: 'needs_reauth',
      problem: expect.objectContaining({ category: 'AUTH_INVALID' }),
    });
  });

  it('clears all 22 sample leads with the ids the receiver assigned', async () => {
    const org = await connectedOrg('Webhook org');

    const result = await org.api.importCsv(org.eventId, sampleLeadsCsv());

    expect(result.imported).toBe(22);
    expect(await settled(org, 22)).toMatchObject({ cleared: 22, failed: 0 });
    const received = running.receiver.records();
    expect(received).toHaveLength(22);
    const idsByEmail = new Map(
      received.map((lead) => [String(lead.fields.email).toLowerCase(), lead.id]),
    );
    const leads = await org.api.ok<LeadDto[]>('GET', `/v1/events/${org.eventId}/leads`);
    expect(leads).toHaveLength(22);
    for (const stored of leads) {
      expect(stored.sync[0].state).toBe('cleared');
      expect(stored.remoteIds).toEqual([
        {
          connectionId: org.connectionId,
          integration: INTEGRATION,
          object: 'lead',
          remoteId: idsByEmail.get(String(stored.email).toLowerCase()),
        },
      ]);
    }
    expect(received.find((lead) => lead.fields.email === 'bertha@fcof.net')?.fields).toMatchObject({
      first_name: 'Bertha',
      last_name: 'Boxer',
      company: 'Farmers Coop. of Florida',
      job_title: 'Director of Vendor Relations',
      phone: '(850) 644-4200',
      lead_source: 'Web',
    });

    const writes = running.receiver
      .journal()
      .filter((entry) => entry.method === 'POST' && entry.path.endsWith('/leads'));
    expect(writes.reduce((sum, call) => sum + call.records, 0)).toBeGreaterThanOrEqual(22);
    for (const call of writes) {
      expect(call.status).toBe(200);
      expect(call.records).toBeLessThanOrEqual(50);
      const digest = createHmac('sha256', running.receiver.secret)
        .update(`${call.timestamp}.${JSON.stringify(call.body)}`)
        .digest('hex');
      expect(call.signature).toBe(`sha256=${digest}`);
    }
  });

  it('holds the leads and asks for re-authorisation when the receiver rotates its secret', async () => {
    const org = await connectedOrg('Rotated org');
    running.receiver.setSecret('whsec_rotated_by_the_customer');

    await org.api.ok('POST', '/v1/leads', {
      eventId: org.eventId,
      firstName: 'Held',
      lastName: 'Back',
      email: 'held@example.com',
      company: { name: 'Acme' },
      isEnriched: true,
    });

    const connection = await waitFor(async () => {
      const current = await org.api.ok<{ status: string; problem: { vendorCode: string } | null }>(
        'GET',
        `/v1/connections/${org.connectionId}`,
      );

      return current.status === 'needs_reauth' ? current : undefined;
    }, 'the connection to need re-authorisation');
    expect(connection.problem).toMatchObject({
      category: 'AUTH_INVALID',
      vendorCode: 'invalid_signature',
    });
    const summary = await org.api.ok<Summary>(
      'GET',
      `/v1/connections/${org.connectionId}/reconciliation/summary`,
    );
    expect(summary).toMatchObject({ cleared: 0, failed: 0, preSync: { total: 1, queued: 1 } });
    expect(running.receiver.records()).toEqual([]);
  });
});
