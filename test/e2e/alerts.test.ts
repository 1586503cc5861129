import { Client } from 'pg';
import {
  connectHubSpot,
  connectSlack,
  setUpSalesforceOrg,
  waitFor,
  type DemoConnection,
  type SalesforceOrg,
  type Summary,
} from '@app/demo';
import type { DigestRun, NotificationRuleDto } from '@libs/alerts';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

const ERRORS_CHANNEL = 'C07SYNCERR1';

describe('Slack digest of new sync errors', () => {
  let t: TestPlatform;
  let org: SalesforceOrg;
  let hubspot: DemoConnection;
  let slack: DemoConnection;

  function summaryOf(connectionId: string): Promise<Summary> {
    return org.api.ok<Summary>('GET', `/v1/connections/${connectionId}/reconciliation/summary`);
  }

  async function capture(email: string, extra: Record<string, unknown> = {}): Promise<void> {
    await org.api.ok('POST', '/v1/leads', {
      eventId: org.eventId,
      firstName: 'Digest',
      lastName: 'Lead',
      email,
      company: { name: 'Acme' },
      isEnriched: true,
      ...extra,
    });
  }

  async function settled(leads: number): Promise<void> {
    await waitFor(async () => {
      const all = await Promise.all([org.connectionId, hubspot.id].map(summaryOf));

      return all.every((s) => s.total === leads && s.preSync.total === 0) ? all : undefined;
    }, `${leads} leads to settle`);
  }

  function digests(): { text: string; blocks?: unknown[] }[] {
    return t.sandbox.slack.messages(ERRORS_CHANNEL);
  }

  beforeAll(async () => {
    t = await startTestPlatform({ queue: 'redis', env: { ALERTS_TICK_MS: '1000' } });
    org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
    hubspot = await connectHubSpot(org.api, t.sandbox.url);
    slack = await connectSlack(org.api, t.sandbox.url, 'C07LEADS001');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses a rule on a connection that cannot post, naming the field', async () => {
    const response = await org.api.request<{ errors: { field: string }[] }>(
      'POST',
      '/v1/notification-rules',
      { connectionId: org.connectionId, period: 'hourly' },
    );

    expect(response.status).toBe(422);
    expect(response.body.errors[0].field).toBe('connectionId');
  });

  it('posts one message per connection with new errors, with counts and help links', async () => {
    const rule = await org.api.ok<NotificationRuleDto>('POST', '/v1/notification-rules', {
      connectionId: slack.id,
      period: 'hourly',
      channel: ERRORS_CHANNEL,
    });
    await capture('fine@example.com');
    await capture('long1@example.com', { company: { name: 'C'.repeat(300) } });
    await capture('long2@example.com', { company: { name: 'C'.repeat(300) } });
    await capture('nolast@example.com', { lastName: undefined });
    // Neither CRM takes a non-ASCII mailbox: both connections have errors to report.
    await capture('jörg@example.com');
    await settled(5);

    const run = await org.api.ok<DigestRun>('POST', `/v1/notification-rules/${rule.id}/run`);

    const failedBy = new Map<string, number>();
    for (const connection of [org.connectionId, hubspot.id]) {
      const { failed } = await summaryOf(connection);
      if (failed > 0) failedBy.set(connection, failed);
    }
    expect(failedBy.get(org.connectionId)).toBe(4);
    expect(failedBy.get(hubspot.id)).toBe(1);
    expect(new Map(run.messages.map((message) => [message.connectionId, message.failed]))).toEqual(
      failedBy,
    );
    expect(run.messages.every((message) => message.ok)).toBe(true);
    expect(digests()).toHaveLength(2);

    const salesforce = digests().find((message) => message.text.includes('Salesforce'));
    expect(salesforce?.text).toContain('4 leads failed to sync');
    expect(salesforce?.text).toContain('DATA_VALUE_VALIDATION: 3');
    expect(salesforce?.text).toContain('REQUIRED_FIELD_MISSING: 1');
    expect(JSON.stringify(salesforce?.blocks)).toContain(
      'http://localhost:3000/v1/error-categories/DATA_VALUE_VALIDATION/help',
    );
    const hubspotDigest = digests().find((message) => message.text.includes('HubSpot'));
    expect(hubspotDigest?.text).toContain('1 lead failed to sync');
    expect(hubspotDigest?.text).toContain('DATA_VALUE_VALIDATION: 1');
    expect(hubspotDigest?.text).not.toContain('REQUIRED_FIELD_MISSING');

    const again = await org.api.ok<DigestRun>('POST', `/v1/notification-rules/${rule.id}/run`);
    expect(again.messages).toEqual([]);
    expect(digests()).toHaveLength(failedBy.size);
  });

  it('announces only the leads a lead-alert rule selects, by event and qualifier answer', async () => {
    const other = await org.api.ok<{ id: string }>('POST', '/v1/events', { name: 'Other Expo' });
    await org.api.ok('POST', '/v1/notification-rules', {
      connectionId: slack.id,
      kind: 'lead_captured',
      eventIds: [org.eventId],
      answers: { Timeframe: ['This quarter', 'Next quarter'] },
    });
    const announced = () => t.sandbox.slack.messages('C07LEADS001').map((message) => message.text);
    const slackIdle = () =>
      waitFor(async () => {
        const current = await summaryOf(slack.id);

        return current.preSync.total === 0 ? current : undefined;
      }, 'Slack to announce what it will');
    await slackIdle();
    const before = announced().length;

    await capture('soon@example.com', { answers: { Timeframe: ['Next quarter'] } });
    await capture('later@example.com', { answers: { Timeframe: ['Next year'] } });
    await capture('unasked@example.com');
    await org.api.ok('POST', '/v1/leads', {
      eventId: other.id,
      lastName: 'Elsewhere',
      email: 'elsewhere@example.com',
      company: { name: 'Acme' },
      answers: { Timeframe: ['This quarter'] },
      isEnriched: true,
    });
    await settled(9);
    await slackIdle();

    const posted = announced().slice(before);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain('Digest Lead');
    const leads = await org.api.ok<{ email: string; sync: { connectionId: string }[] }[]>(
      'GET',
      `/v1/events/${org.eventId}/leads?limit=500`,
    );
    const slackRecords = (email: string) =>
      leads
        .find((lead) => lead.email === email)
        ?.sync.filter((entry) => entry.connectionId === slack.id).length;
    expect(slackRecords('soon@example.com')).toBe(1);
    expect(slackRecords('later@example.com')).toBe(0);
    expect(slackRecords('unasked@example.com')).toBe(0);
  });

  it('posts the next digest by itself once the period is over', async () => {
    const before = digests().length;
    await capture('long3@example.com', { company: { name: 'D'.repeat(300) } });
    await settled(10);

    // An hour passes: every stored time moves back instead of waiting.
    const client = new Client({ connectionString: t.database.url });
    await client.connect();
    await client.query("UPDATE sync_records SET updated_at = updated_at - interval '61 minutes'");
    await client.query(
      "UPDATE notification_rules SET last_run_at = last_run_at - interval '61 minutes'",
    );
    await client.end();

    const posted = await waitFor(
      async () => (digests().length > before ? digests().slice(before) : undefined),
      'the hourly digest',
    );
    const salesforce = posted.filter((message) => message.text.includes('Salesforce'));
    expect(salesforce).toHaveLength(1);
    expect(salesforce[0].text).toContain('1 lead failed to sync');
    expect(salesforce[0].text).toContain('DATA_VALUE_VALIDATION: 1');

    const rules = await org.api.ok<NotificationRuleDto[]>('GET', '/v1/notification-rules');
    expect(rules.map((rule) => rule.kind).sort()).toEqual(['lead_captured', 'sync_error_digest']);
  });

  it("keeps a period's errors for the next digest when Slack refuses to post it", async () => {
    const rules = await org.api.ok<NotificationRuleDto[]>('GET', '/v1/notification-rules');
    const digest = rules.find((rule) => rule.kind === 'sync_error_digest') as NotificationRuleDto;
    await capture('long4@example.com', { company: { name: 'E'.repeat(300) } });
    await settled(11);
    t.sandbox.slack.failNext('chat.postMessage', 1, 'not_in_channel');

    const refused = await org.api.ok<DigestRun>('POST', `/v1/notification-rules/${digest.id}/run`);
    const retried = await org.api.ok<DigestRun>('POST', `/v1/notification-rules/${digest.id}/run`);

    expect(refused.messages).toEqual([expect.objectContaining({ ok: false, failed: 1 })]);
    expect(retried.messages).toEqual([expect.objectContaining({ ok: true, failed: 1 })]);
    expect(retried.since).toBe(refused.since);
  });
});
