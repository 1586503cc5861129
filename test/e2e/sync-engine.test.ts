import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { setUpOrg, summary, waitFor, type SalesforceOrg, type Summary } from '@app/demo';
import type { LeadDto } from '@libs/intake';
import { SyncScheduler } from '@libs/sync';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

async function settled(org: SalesforceOrg, total: number): Promise<Summary> {
  return waitFor(async () => {
    const current = await summary(org);

    return current.total === total && current.preSync.total === 0 ? current : undefined;
  }, `${total} leads to settle`);
}

async function leadsOf(org: SalesforceOrg): Promise<LeadDto[]> {
  return org.api.ok<LeadDto[]>('GET', `/v1/events/${org.eventId}/leads`);
}

function lead(email: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    firstName: 'Test',
    lastName: email.split('@')[0],
    email,
    company: { name: 'Acme' },
    isEnriched: true,
    ...extra,
  };
}

function csv(emails: string[]): string {
  return [
    'first_name,last_name,email,company',
    ...emails.map((email, i) => `Test,Lead${i},${email},Acme`),
  ].join('\n');
}

describe('The sync engine', () => {
  let t: TestPlatform;
  let db: Client;

  beforeAll(async () => {
    t = await startTestPlatform({ env: { ENRICHMENT_WAIT_MS: '1500' } });
    db = new Client({ connectionString: t.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  const salesforceDataCalls = () =>
    t.sandbox.salesforce.journal().filter((entry) => entry.path.startsWith('/services/data/'));

  it('makes no API call for an edit that changes nothing mapped, and re-syncs one that does', async () => {
    const org = await setUpOrg(t.staff, t.sandbox.url, 'salesforce');
    const first = await org.api.ok<LeadDto>('POST', '/v1/leads', {
      eventId: org.eventId,
      ...lead('edit@example.com'),
    });
    await settled(org, 1);
    const [cleared] = await leadsOf(org);
    t.sandbox.salesforce.clearJournal();

    // LinkedIn is not mapped for Salesforce Leads: the edit re-queues the lead, no call goes out.
    await org.api.ok('POST', '/v1/leads', {
      eventId: org.eventId,
      ...lead('edit@example.com', { linkedinUrl: 'https://www.linkedin.com/in/edit' }),
    });
    const noop = await waitFor(async () => {
      const [current] = await leadsOf(org);
      const syncedAt = current.sync[0].syncedAt;

      return current.sync[0].state === 'cleared' && syncedAt !== cleared.sync[0].syncedAt
        ? current
        : undefined;
    }, 'the no-op edit to be processed');
    expect(noop.id).toBe(first.id);
    expect(salesforceDataCalls()).toEqual([]);

    await org.api.ok('POST', '/v1/leads', {
      eventId: org.eventId,
      ...lead('edit@example.com', { jobTitle: 'VP Sales' }),
    });
    await waitFor(async () => {
      const records = t.sandbox.salesforce
        .records('Lead')
        .filter((record) => record.Email === 'edit@example.com');

      return records[0]?.Title === 'VP Sales' ? true : undefined;
    }, 'the update to reach Salesforce');
    expect(await settled(org, 1)).toMatchObject({ cleared: 1, failed: 0 });
    const remote = t.sandbox.salesforce
      .records('Lead')
      .filter((record) => record.Email === 'edit@example.com');
    expect(remote).toHaveLength(1);
    expect((await leadsOf(org))[0].remoteIds[0].remoteId).toBe(remote[0].Id);
    // The update went by the stored id: no search by email, one write.
    expect(salesforceDataCalls().map((entry) => entry.method)).toEqual(['PATCH']);
  });

  it('never updates a converted Salesforce lead: its contact is updated instead', async () => {
    const org = await setUpOrg(t.staff, t.sandbox.url, 'salesforce');
    const email = 'converted@example.com';
    await org.api.ok('POST', '/v1/leads', {
      eventId: org.eventId,
      ...lead(email, { jobTitle: 'Engineer' }),
    });
    await settled(org, 1);
    const leadId = (await leadsOf(org))[0].remoteIds[0].remoteId;
    const { contactId } = t.sandbox.salesforce.convertLead(leadId);

    await org.api.ok('POST', '/v1/leads', {
      eventId: org.eventId,
      ...lead(email, { jobTitle: 'CTO', address: { city: 'Lisbon' } }),
    });
    const updated = await waitFor(async () => {
      const [current] = await leadsOf(org);

      return current.remoteIds.some((remote) => remote.object === 'Contact') ? current : undefined;
    }, 'the contact to be updated');

    expect(updated.sync[0].state).toBe('cleared');
    expect(updated.remoteIds).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ object: 'Lead', remoteId: leadId }),
        expect.objectContaining({ object: 'Contact', remoteId: contactId }),
      ]),
    );
    const contact = t.sandbox.salesforce.records('Contact').find((row) => row.Id === contactId);
    expect(contact).toMatchObject({ Title: 'CTO', MailingCity: 'Lisbon', Email: email });
    const leads = t.sandbox.salesforce.records('Lead').filter((row) => row.Email === email);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ IsConverted: true, Title: 'Engineer' });
  });

  it('waits for enrichment in automatic mode, and syncs anyway once the wait is over', async () => {
    const org = await setUpOrg(t.staff, t.sandbox.url, 'salesforce');
    await org.api.ok('POST', '/v1/leads', {
      eventId: org.eventId,
      ...lead('unenriched@example.com', { isEnriched: false }),
    });

    expect(await summary(org)).toMatchObject({ preSync: { total: 1, awaitingEnrichment: 1 } });
    expect(await settled(org, 1)).toMatchObject({ cleared: 1, failed: 0 });
    expect(
      t.sandbox.salesforce.records('Lead').filter((r) => r.Email === 'unenriched@example.com'),
    ).toHaveLength(1);
  });

  it('pushes every frozen lead of an event in manual mode', async () => {
    const org = await setUpOrg(t.staff, t.sandbox.url, 'salesforce');
    const path = `/v1/connections/${org.connectionId}`;
    await org.api.ok('PUT', `${path}/sync-mode`, { mode: 'manual' });
    await org.api.importCsv(org.eventId, csv(['ev1@example.com', 'ev2@example.com']));
    expect(await summary(org)).toMatchObject({ preSync: { total: 2, frozen: 2 } });

    const pushed = await org.api.ok<{ total: number }>('POST', `${path}/push`, {
      eventId: org.eventId,
    });

    expect(pushed.total).toBe(2);
    expect(await settled(org, 2)).toMatchObject({ cleared: 2, failed: 0 });
  });

  it('matches an existing Marketo lead by email and updates it', async () => {
    const org = await setUpOrg(t.staff, t.sandbox.url, 'marketo');
    const existing = t.sandbox.marketo.seedLead({
      email: 'known@marketo.example.com',
      firstName: 'Old',
      lastName: 'Name',
    });
    await org.api.importCsv(
      org.eventId,
      csv(['known@marketo.example.com', 'new@marketo.example.com']),
    );

    expect(await settled(org, 2)).toMatchObject({ cleared: 2, failed: 0 });
    const remote = t.sandbox.marketo
      .leads()
      .filter((row) => String(row.email).endsWith('@marketo.example.com'));
    expect(remote).toHaveLength(2);
    expect(remote.find((row) => row.id === existing)).toMatchObject({ firstName: 'Test' });
    const stored = (await leadsOf(org)).find((row) => row.email === 'known@marketo.example.com');
    expect(stored?.remoteIds[0].remoteId).toBe(String(existing));
  });

  it('matches an existing HubSpot contact by email and updates it', async () => {
    const org = await setUpOrg(t.staff, t.sandbox.url, 'hubspot');
    const existing = t.sandbox.hubspot.seedRecord('contacts', {
      email: 'known@hubspot.example.com',
      firstname: 'Old',
    });
    await org.api.importCsv(
      org.eventId,
      csv(['known@hubspot.example.com', 'new@hubspot.example.com']),
    );

    expect(await settled(org, 2)).toMatchObject({ cleared: 2, failed: 0 });
    const remote = t.sandbox.hubspot
      .records('contacts')
      .filter((row) => (row.properties.email ?? '').endsWith('@hubspot.example.com'));
    expect(remote).toHaveLength(2);
    expect(remote.find((row) => row.id === existing)?.properties.firstname).toBe('Test');
    const stored = (await leadsOf(org)).find((row) => row.email === 'known@hubspot.example.com');
    expect(stored?.remoteIds[0].remoteId).toBe(existing);
  });

  it('splits a batch HubSpot refuses as a whole, so only the bad record fails', async () => {
    const org = await setUpOrg(t.staff, t.sandbox.url, 'hubspot');
    t.sandbox.hubspot.clearJournal();
    // HubSpot takes ASCII addresses only; the platform accepts this one, so HubSpot judges it.
    const emails = ['s1@split.example.com', 'josé@split.example.com', 's2@split.example.com'];
    await org.api.importCsv(org.eventId, csv(emails));

    const done = await settled(org, 3);
    expect(done).toMatchObject({ cleared: 2, failed: 1 });
    const failed = (await leadsOf(org)).find((row) => row.email === 'josé@split.example.com');
    expect(failed?.sync[0]).toMatchObject({
      state: 'failed',
      errorCategory: 'DATA_VALUE_VALIDATION',
      errorCode: 'INVALID_EMAIL',
      errorField: 'email',
    });
    const upserts = t.sandbox.hubspot
      .journal()
      .filter((entry) => entry.route === 'contacts.batch.upsert')
      .map((entry) => ({
        inputs: (entry.body as { inputs: unknown[] }).inputs.length,
        status: entry.status,
      }));
    // The whole batch was refused, then written in parts until the bad record stood alone.
    expect(upserts[0]).toEqual({ inputs: 3, status: 400 });
    expect(upserts.filter((call) => call.status < 300).length).toBeGreaterThan(0);
    expect(upserts.filter((call) => call.inputs === 1 && call.status === 400)).toHaveLength(1);
    expect(
      t.sandbox.hubspot
        .records('contacts')
        .map((row) => row.properties.email)
        .filter((email) => email?.endsWith('@split.example.com'))
        .sort(),
    ).toEqual(['s1@split.example.com', 's2@split.example.com']);
  });

  describe.each(['salesforce', 'hubspot', 'marketo'] as const)(
    'replaying %s writes',
    (integration) => {
      const remoteEmails = (): string[] => {
        if (integration === 'salesforce') {
          return t.sandbox.salesforce.records('Lead').map((r) => String(r.Email));
        }
        if (integration === 'hubspot') {
          return t.sandbox.hubspot.records('contacts').map((r) => r.properties.email ?? '');
        }

        return t.sandbox.marketo.leads().map((r) => String(r.email));
      };

      it('never creates a second remote record when the job is redelivered or the write replayed', async () => {
        const org = await setUpOrg(t.staff, t.sandbox.url, integration);
        const domain = `@replay-${integration}.example.com`;
        const emails = ['r1', 'r2', 'r3'].map((name) => `${name}${domain}`);
        await org.api.importCsv(org.eventId, csv(emails));
        await settled(org, 3);
        const ids = new Map((await leadsOf(org)).map((row) => [row.id, row.remoteIds[0].remoteId]));
        const ours = () => remoteEmails().filter((email) => email.endsWith(domain));
        expect(ours().sort()).toEqual(emails);

        // A job delivered again for leads already Cleared: nothing is due, nothing is written.
        const scheduler = t.platform.app.get(SyncScheduler);
        await scheduler.kick(org.connectionId);
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(ours()).toHaveLength(3);

        // A worker died after the vendor wrote but before the platform recorded it: the records
        // stay claimed with no remote id, and are taken over once the claim lapses.
        const { rowCount } = await db.query(
          `UPDATE sync_records SET state = 'in_flight', claimed_at = now() - interval '1 hour',
                  remote_ids = '{}', payload_hash = NULL, synced_at = NULL
            WHERE connection_id = $1`,
          [org.connectionId],
        );
        expect(rowCount).toBe(3);
        await scheduler.kick(org.connectionId);

        expect(await settled(org, 3)).toMatchObject({ cleared: 3, failed: 0 });
        expect(ours().sort()).toEqual(emails);
        for (const row of await leadsOf(org)) {
          expect(row.remoteIds[0].remoteId).toBe(ids.get(row.id));
        }
      });

      it('takes over the leads of a worker process that fell silent, long before their lease ends', async () => {
        const org = await setUpOrg(t.staff, t.sandbox.url, integration);
        const domain = `@silent-${integration}.example.com`;
        const emails = ['s1', 's2'].map((name) => `${name}${domain}`);
        await org.api.importCsv(org.eventId, csv(emails));
        await settled(org, 2);
        const ours = () => remoteEmails().filter((email) => email.endsWith(domain));
        const scheduler = t.platform.app.get(SyncScheduler);
        const [alive, gone] = [randomUUID(), randomUUID()];
        await db.query(
          `INSERT INTO sync_worker_beats (id, seen_at) VALUES ($1, now()), ($2, now() - interval '2 minutes')`,
          [alive, gone],
        );
        // Both claimed a minute ago, after the vendor wrote and before the platform recorded it.
        const claim = (worker: string) =>
          db.query(
            `UPDATE sync_records SET state = 'in_flight', claimed_at = now() - interval '1 minute',
                    claimed_by = $2, remote_ids = '{}', payload_hash = NULL, synced_at = NULL
              WHERE connection_id = $1`,
            [org.connectionId, worker],
          );
        const states = async () =>
          (
            await db.query<{ state: string }>(
              'SELECT state FROM sync_records WHERE connection_id = $1',
              [org.connectionId],
            )
          ).rows.map((row) => row.state);

        // A live worker's claims are its own until their lease ends.
        await claim(alive);
        await scheduler.kick(org.connectionId);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect(await states()).toEqual(['in_flight', 'in_flight']);

        // A silent one's are taken over at once, and nothing is created twice.
        await claim(gone);
        await scheduler.kick(org.connectionId);
        expect(await settled(org, 2)).toMatchObject({ cleared: 2, failed: 0 });
        expect(ours().sort()).toEqual(emails);
      });
    },
  );
});

describe('Fairness between orgs', () => {
  let t: TestPlatform;
  let db: Client;

  beforeAll(async () => {
    // One sync job at a time and batches of 10, so a backlog takes many turns.
    t = await startTestPlatform({
      env: { WORKER_CONCURRENCY: '1', CONNECTOR_LIMITS: 'salesforce.maxBatchSize=10' },
      sandbox: { latencyMs: 20 },
    });
    db = new Client({ connectionString: t.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  it("does not let one org's backlog starve another org's lead", async () => {
    const busy = await setUpOrg(t.staff, t.sandbox.url, 'salesforce', 'Busy');
    const quiet = await setUpOrg(t.staff, t.sandbox.url, 'salesforce', 'Quiet');
    const backlog = Array.from({ length: 400 }, (_, i) => `b${i}@busy.example.com`);
    await busy.api.importCsv(busy.eventId, csv(backlog));
    await waitFor(
      async () => ((await summary(busy)).cleared > 0 ? true : undefined),
      'the backlog to start',
    );

    const single = await quiet.api.ok<LeadDto>('POST', '/v1/leads', {
      eventId: quiet.eventId,
      ...lead('single@quiet.example.com'),
    });
    await settled(quiet, 1);
    await settled(busy, 400);

    const { rows } = await db.query<{ after: string }>(
      `SELECT count(*) AS after FROM sync_records
        WHERE connection_id = $1
          AND synced_at > (SELECT synced_at FROM sync_records WHERE lead_id = $2)`,
      [busy.connectionId, single.id],
    );
    // The quiet org's lead went within the first turns, not after the 40 batches of the backlog.
    expect(Number(rows[0].after)).toBeGreaterThanOrEqual(200);
  });
});
