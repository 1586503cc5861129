import { Client } from 'pg';
import { waitFor, type ApiClient, type SalesforceOrg } from '@app/demo';
import type { LeadDto } from '@libs/intake';
import { SyncScheduler } from '@libs/sync';
import { setUpConnectedOrg, settled } from '../support/connected-org';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

/** An org with a Salesforce connection matching by Accounts and Contacts. */
const setUp = (
  staff: ApiClient,
  name: string,
  sandboxUrl: string,
  objects: string[],
): Promise<SalesforceOrg> =>
  setUpConnectedOrg(staff, {
    name,
    settings: { loginUrl: sandboxUrl, matchingStrategy: 'accounts_and_contacts' },
    objects,
  });

async function leadOf(org: SalesforceOrg, id: string): Promise<LeadDto> {
  return org.api.ok<LeadDto>('GET', `/v1/leads/${id}`);
}

describe('Salesforce "Accounts and Contacts"', () => {
  let t: TestPlatform;
  let db: Client;

  beforeAll(async () => {
    t = await startTestPlatform();
    db = new Client({ connectionString: t.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  const sf = () => t.sandbox.salesforce;
  const writes = () =>
    sf()
      .journal()
      .filter((entry) => entry.method !== 'GET' && entry.path.includes('/sobjects'));

  describe.each([
    ['Lead and Account', ['Lead', 'Account']],
    ['Lead only (the Account from the lead’s company)', ['Lead']],
  ])('replaying the write of a lead without an email, mapped: %s', (_, objects) => {
    it('never creates a second Contact or Account when the job is redelivered or the write replayed', async () => {
      const org = await setUp(t.staff, `No email ${objects.join('+')}`, t.sandbox.url, objects);
      const lastName = `Noemail${objects.length}`;
      const company = `Quiet Co ${objects.length}`;
      const capture = {
        eventId: org.eventId,
        externalId: `no-email-${objects.length}`,
        firstName: 'Nora',
        lastName,
        company: { name: company },
        isEnriched: true,
      };
      const created = await org.api.ok<LeadDto>('POST', '/v1/leads', capture);
      expect(await settled(org, 1)).toMatchObject({ cleared: 1 });
      const contacts = () =>
        sf()
          .records('Contact')
          .filter((row) => row.LastName === lastName);
      const accounts = () =>
        sf()
          .records('Account')
          .filter((row) => row.Name === company);
      expect(contacts()).toHaveLength(1);
      expect(accounts()).toHaveLength(1);
      const first = (await leadOf(org, created.id)).remoteIds;
      expect(first.map((row) => row.object).sort()).toEqual(['Account', 'Contact']);

      // A job delivered again for a lead already Cleared: nothing is due, nothing is written.
      const scheduler = t.platform.app.get(SyncScheduler);
      await scheduler.kick(org.connectionId);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(contacts()).toHaveLength(1);

      // A worker died after Salesforce wrote but before the platform recorded it: the record
      // stays claimed with no remote id, and is taken over once the claim lapses.
      const before = writes().length;
      const { rowCount } = await db.query(
        `UPDATE sync_records SET state = 'in_flight', claimed_at = now() - interval '1 hour',
                remote_ids = '{}', payload_hash = NULL, synced_at = NULL
          WHERE connection_id = $1`,
        [org.connectionId],
      );
      expect(rowCount).toBe(1);
      await scheduler.kick(org.connectionId);

      expect(await settled(org, 1)).toMatchObject({ cleared: 1, failed: 0 });
      expect(contacts()).toHaveLength(1);
      expect(accounts()).toHaveLength(1);
      expect(writes()).toHaveLength(before);
      const again = (await leadOf(org, created.id)).remoteIds;
      expect(again.map((row) => `${row.object}:${row.remoteId}`).sort()).toEqual(
        first.map((row) => `${row.object}:${row.remoteId}`).sort(),
      );

      // Edited after the lost answer: the stored Contact and Account are updated, not created.
      await db.query(
        `UPDATE sync_records SET state = 'in_flight', claimed_at = now() - interval '1 hour',
                remote_ids = '{}', payload_hash = NULL, synced_at = NULL
          WHERE connection_id = $1`,
        [org.connectionId],
      );
      await org.api.ok('POST', '/v1/leads', { ...capture, jobTitle: 'Buyer' });
      await scheduler.kick(org.connectionId);
      await waitFor(
        async () => (contacts()[0]?.Title === 'Buyer' ? true : undefined),
        'the Contact to be updated',
      );
      expect(await settled(org, 1)).toMatchObject({ cleared: 1, failed: 0 });
      expect(contacts()).toHaveLength(1);
      expect(accounts()).toHaveLength(1);
    });
  });

  describe('pre-flight of the Contact and Account written along with a lead', () => {
    interface Case {
      title: string;
      objects: string[];
      field: string;
      override: Record<string, unknown>;
      restore: Record<string, unknown>;
      company: { name: string; industry?: string };
      code: string;
    }

    const cases: Case[] = [
      {
        title: 'a company name longer than Account.Name (the Account from the lead’s company)',
        objects: ['Lead'],
        field: 'Name',
        override: { length: 20 },
        restore: { length: 255 },
        company: { name: 'Consolidated Widgets International' },
        code: 'STRING_TOO_LONG',
      },
      {
        title: 'a value outside a restricted Account picklist (mapped Account)',
        objects: ['Lead', 'Account'],
        field: 'Industry',
        override: { restrictedPicklist: true },
        restore: { restrictedPicklist: false },
        company: { name: 'Orbital Co', industry: 'Space Mining' },
        code: 'INVALID_PICKLIST_VALUE',
      },
    ];

    it.each(cases)(
      'fails $title before any vendor write, naming Account.<field>',
      async ({ objects, field, override, restore, company, code }) => {
        sf().overrideField('Account', field, override);
        try {
          const org = await setUp(t.staff, `Pre-flight ${field}`, t.sandbox.url, objects);
          const before = writes().length;
          const bad = await org.api.ok<LeadDto>('POST', '/v1/leads', {
            eventId: org.eventId,
            firstName: 'Bad',
            lastName: `Account${field}`,
            email: `bad-${field.toLowerCase()}@preflight.example`,
            company,
            isEnriched: true,
          });
          expect(await settled(org, 1)).toMatchObject({ cleared: 0, failed: 1 });

          const [sync] = (await leadOf(org, bad.id)).sync;
          expect(sync).toMatchObject({
            state: 'failed',
            errorCategory: 'DATA_VALUE_VALIDATION',
            errorCode: code,
            errorField: `Account.${field}`,
          });
          expect(sync.errorMessage).toContain(`Account.${field}`);
          expect(writes()).toHaveLength(before);
          expect(
            sf()
              .records('Account')
              .map((row) => row.Name),
          ).not.toContain(company.name);
          expect(
            sf()
              .records('Contact')
              .map((row) => row.LastName),
          ).not.toContain(`Account${field}`);

          // A lead whose company Salesforce takes is written as Contact and Account.
          const good = await org.api.ok<LeadDto>('POST', '/v1/leads', {
            eventId: org.eventId,
            firstName: 'Good',
            lastName: `Fine${field}`,
            email: `good-${field.toLowerCase()}@preflight.example`,
            company: { name: 'Short Co', industry: 'Banking' },
            isEnriched: true,
          });
          expect(await settled(org, 2)).toMatchObject({ cleared: 1, failed: 1 });
          const written = (await leadOf(org, good.id)).remoteIds.map((row) => row.object);
          expect(written.sort()).toEqual(['Account', 'Contact']);
        } finally {
          sf().overrideField('Account', field, restore);
        }
      },
    );
  });
});
