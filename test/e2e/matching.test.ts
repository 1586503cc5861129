import { summary, waitFor, type ApiClient, type SalesforceOrg } from '@app/demo';
import { SALESFORCE_CONNECTED_APP } from '@app/sandbox';
import type { LeadDto } from '@libs/intake';
import { setUpConnectedOrg, settled } from '../support/connected-org';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

interface ActionView {
  id: string;
  kind: string;
  total: number;
  cleared: number;
  failed: number;
  pending: number;
  done: boolean;
}

const setUp = (
  staff: ApiClient,
  name: string,
  integration: 'salesforce' | 'hubspot',
  settings: Record<string, string>,
  objects: string[],
): Promise<SalesforceOrg> => setUpConnectedOrg(staff, { name, integration, settings, objects });

function lead(
  externalId: string,
  email: string,
  company: { name?: string; website?: string },
  jobTitle = 'Buyer',
): Record<string, unknown> {
  return {
    externalId,
    firstName: 'Test',
    lastName: externalId,
    email,
    jobTitle,
    company,
    isEnriched: true,
  };
}

/** CSV rows arrive together, so they share one batch. */
function csv(rows: Array<{ email: string; company: string; website: string }>): string {
  return [
    'first_name,last_name,email,company,website',
    ...rows.map((row, i) => `Test,Person${i},${row.email},${row.company},${row.website}`),
  ].join('\n');
}

/** The remote ids a lead shows for its connection, by object. */
async function remoteIdsOf(org: SalesforceOrg, email: string): Promise<Record<string, string>> {
  const leads = await org.api.ok<LeadDto[]>('GET', `/v1/events/${org.eventId}/leads`);
  const found = leads.find((row) => row.email === email);
  if (!found) throw new Error(`no lead ${email}`);

  return Object.fromEntries(found.remoteIds.map((row) => [row.object, row.remoteId]));
}

describe('Matching before create', () => {
  let t: TestPlatform;

  beforeAll(async () => {
    t = await startTestPlatform({ env: { SYNC_SWEEP_INTERVAL_MS: '1000' } });
  });

  afterAll(async () => {
    await t?.close();
  });

  const salesforceCreates = () =>
    t.sandbox.salesforce
      .journal()
      .filter((entry) => entry.method === 'POST' && entry.path.includes('/composite/sobjects'));

  describe('Salesforce, Accounts and Contacts', () => {
    let org: SalesforceOrg;

    beforeAll(async () => {
      t.sandbox.salesforce.reset();
      org = await setUp(
        t.staff,
        'Accounts and Contacts',
        'salesforce',
        { loginUrl: t.sandbox.url, matchingStrategy: 'accounts_and_contacts' },
        ['Lead', 'Account'],
      );
    });

    it('updates a Contact matched by email, adds a Contact under an Account found by domain or name, and creates Account + Contact otherwise', async () => {
      const sf = t.sandbox.salesforce;
      const acme = sf.seedRecord('Account', {
        Name: 'Acme Corporation',
        Website: 'https://www.acme.example/home',
      });
      const initech = sf.seedRecord('Account', { Name: 'Initech' });
      const known = sf.seedRecord('Contact', {
        FirstName: 'Known',
        LastName: 'Person',
        Email: 'known@elsewhere.example',
        Title: 'Intern',
        AccountId: initech,
      });
      // Another company's website that merely contains the domain is no match.
      sf.seedRecord('Account', { Name: 'Not Acme', Website: 'notacme.example' });

      await org.api.importCsv(
        org.eventId,
        [
          'external_id,first_name,last_name,email,job_title,company,website',
          'k1,Known,Person,KNOWN@elsewhere.example,Director,Someone Else,',
          'a1,Ann,Acme,ann@acme.example,Buyer,Acme Inc,acme.example',
          'a2,Bob,Acme,bob@acme.example,Buyer,Acme Inc,http://acme.example/about',
          'i1,Ida,Initech,ida@initech.example,Buyer,initech,',
          'g1,Gus,Globex,gus@globex.example,Buyer,Globex,globex.example',
          'g2,Gil,Globex,gil@globex.example,Buyer,Globex,www.globex.example',
        ].join('\n'),
      );
      expect(await settled(org, 6)).toMatchObject({ cleared: 6, failed: 0 });

      expect(sf.records('Lead')).toHaveLength(0);
      const contacts = sf.records('Contact');
      const byEmail = new Map(contacts.map((row) => [String(row.Email).toLowerCase(), row]));
      expect(contacts).toHaveLength(6);

      // The existing Contact, matched by email, is updated in place.
      expect(byEmail.get('known@elsewhere.example')).toMatchObject({
        Id: known,
        Title: 'Director',
        AccountId: initech,
      });
      // A Contact under the Account whose website has the domain, for each of its people.
      expect(byEmail.get('ann@acme.example')?.AccountId).toBe(acme);
      expect(byEmail.get('bob@acme.example')?.AccountId).toBe(acme);
      // A Contact under the Account with the company's name.
      expect(byEmail.get('ida@initech.example')?.AccountId).toBe(initech);
      // One new Account for both Globex people, with the mapped Account values.
      const globex = sf.records('Account').filter((row) => row.Name === 'Globex');
      expect(globex).toHaveLength(1);
      expect(globex[0].Website).toBe('globex.example');
      expect(byEmail.get('gus@globex.example')?.AccountId).toBe(globex[0].Id);
      expect(byEmail.get('gil@globex.example')?.AccountId).toBe(globex[0].Id);
      expect(sf.records('Account')).toHaveLength(4);

      expect(await remoteIdsOf(org, 'gus@globex.example')).toEqual({
        Contact: byEmail.get('gus@globex.example')?.Id,
        Account: globex[0].Id,
      });
      expect(await remoteIdsOf(org, 'known@elsewhere.example')).toEqual({
        Contact: known,
        Account: initech,
      });
    });

    it('re-syncs by the stored ids and creates nothing, even when the email changed', async () => {
      const sf = t.sandbox.salesforce;
      const before = await remoteIdsOf(org, 'gus@globex.example');
      const contacts = sf.records('Contact').length;
      const accounts = sf.records('Account').length;
      sf.clearJournal();

      await org.api.ok('POST', '/v1/leads', {
        eventId: org.eventId,
        ...lead('g1', 'gus.new@globex.example', { name: 'Globex', website: 'globex.example' }),
      });
      await waitFor(async () => {
        const ids = await remoteIdsOf(org, 'gus.new@globex.example').catch(() => undefined);
        const current = await summary(org);

        return ids && current.preSync.total === 0 ? ids : undefined;
      }, 'the edit to sync');

      expect(await remoteIdsOf(org, 'gus.new@globex.example')).toEqual(before);
      expect(sf.record('Contact', before.Contact)).toMatchObject({
        Email: 'gus.new@globex.example',
        Title: 'Buyer',
      });
      expect(sf.records('Contact')).toHaveLength(contacts);
      expect(sf.records('Account')).toHaveLength(accounts);
      const writes = sf
        .journal()
        .filter((entry) => entry.path.includes('/composite/sobjects'))
        .map((entry) => entry.method);
      expect(writes).toEqual(['PATCH']);
    });
  });

  describe('Salesforce, Accounts and Contacts without an Account mapping', () => {
    it("finds or creates the Account from the Lead's Company and Website", async () => {
      const sf = t.sandbox.salesforce;
      sf.reset();
      const org = await setUp(
        t.staff,
        'Accounts from Lead values',
        'salesforce',
        { loginUrl: t.sandbox.url, matchingStrategy: 'accounts_and_contacts' },
        ['Lead'],
      );
      const wayne = sf.seedRecord('Account', { Name: 'Wayne', Website: 'wayne.example' });

      await org.api.importCsv(
        org.eventId,
        csv([
          { email: 'bruce@wayne.example', company: 'Wayne Enterprises', website: 'wayne.example' },
          { email: 'tony@stark.example', company: 'Stark', website: '' },
        ]),
      );
      expect(await settled(org, 2)).toMatchObject({ cleared: 2, failed: 0 });

      const stark = sf.records('Account').filter((row) => row.Name === 'Stark');
      expect(stark).toHaveLength(1);
      const contacts = new Map(sf.records('Contact').map((row) => [row.Email, row]));
      expect(contacts.get('bruce@wayne.example')?.AccountId).toBe(wayne);
      expect(contacts.get('tony@stark.example')?.AccountId).toBe(stark[0].Id);
      expect(sf.records('Lead')).toHaveLength(0);
    });

    it('adds the Contact a lead cleared as to a campaign linked afterwards', async () => {
      const sf = t.sandbox.salesforce;
      sf.reset();
      const org = await setUp(
        t.staff,
        'Contacts in campaigns',
        'salesforce',
        { loginUrl: t.sandbox.url, matchingStrategy: 'accounts_and_contacts' },
        ['Lead'],
      );
      await org.api.ok('POST', '/v1/leads', {
        eventId: org.eventId,
        ...lead('c1', 'clara@umbrella.example', { name: 'Umbrella' }),
      });
      expect(await settled(org, 1)).toMatchObject({ cleared: 1 });
      const { Contact: contactId } = await remoteIdsOf(org, 'clara@umbrella.example');

      const campaignId = sf.createCampaign('Umbrella roadshow');
      await org.api.ok('POST', '/v1/campaign-links', {
        eventId: org.eventId,
        connectionId: org.connectionId,
        campaignId,
      });
      const members = await waitFor(async () => {
        const rows = sf.records('CampaignMember');

        return rows.length > 0 ? rows : undefined;
      }, 'the Cleared lead to join');

      expect(members).toEqual([
        expect.objectContaining({ ContactId: contactId, CampaignId: campaignId }),
      ]);
      expect(sf.records('Contact')).toHaveLength(1);
    });

    it('refuses a matching strategy Salesforce connections do not have', async () => {
      const created = await t.staff.ok<{ apiKey: string }>('POST', '/v1/orgs', { name: 'Bad' });
      const answer = await t.staff
        .withKey(created.apiKey)
        .request<{ errors: { field: string; message: string }[] }>('POST', '/v1/connections', {
          integration: 'salesforce',
          settings: { loginUrl: t.sandbox.url, matchingStrategy: 'contacts_first' },
          credentials: {
            clientId: SALESFORCE_CONNECTED_APP.clientId,
            clientSecret: SALESFORCE_CONNECTED_APP.clientSecret,
            refreshToken: 'unused',
          },
        });

      expect(answer.status).toBe(422);
      expect(answer.body.errors).toEqual([
        {
          field: 'settings.matchingStrategy',
          message: 'must be one of leads_only, leads_and_contacts, accounts_and_contacts',
        },
      ]);
    });
  });

  describe('Salesforce, Leads and Contacts', () => {
    it('updates a Contact matched by email, else a Lead, else creates a Lead; a re-sync creates nothing', async () => {
      const sf = t.sandbox.salesforce;
      sf.reset();
      const org = await setUp(
        t.staff,
        'Leads and Contacts',
        'salesforce',
        { loginUrl: t.sandbox.url, matchingStrategy: 'leads_and_contacts' },
        ['Lead'],
      );
      const contact = sf.seedRecord('Contact', {
        LastName: 'Customer',
        Email: 'customer@acme.example',
      });
      const open = sf.seedRecord('Lead', {
        LastName: 'Prospect',
        Company: 'Acme',
        Email: 'prospect@acme.example',
      });

      await org.api.importCsv(
        org.eventId,
        csv([
          { email: 'customer@acme.example', company: 'Acme', website: '' },
          { email: 'prospect@acme.example', company: 'Acme', website: '' },
          { email: 'fresh@acme.example', company: 'Acme', website: '' },
        ]),
      );
      expect(await settled(org, 3)).toMatchObject({ cleared: 3, failed: 0 });

      expect(sf.records('Contact')).toHaveLength(1);
      expect(sf.record('Contact', contact)).toMatchObject({ LastName: 'Person0' });
      expect(sf.record('Lead', open)).toMatchObject({ LastName: 'Person1' });
      const leads = sf.records('Lead');
      expect(leads).toHaveLength(2);
      const fresh = leads.find((row) => row.Email === 'fresh@acme.example');
      expect(await remoteIdsOf(org, 'customer@acme.example')).toEqual({ Contact: contact });
      expect(await remoteIdsOf(org, 'prospect@acme.example')).toEqual({ Lead: open });
      expect(await remoteIdsOf(org, 'fresh@acme.example')).toEqual({ Lead: fresh?.Id });

      // The same people again, edited: matched by their stored ids, nothing created.
      sf.clearJournal();
      await org.api.importCsv(
        org.eventId,
        [
          'first_name,last_name,email,company,job_title',
          'Test,Person0,customer@acme.example,Acme,CTO',
          'Test,Person1,prospect@acme.example,Acme,CTO',
          'Test,Person2,fresh@acme.example,Acme,CTO',
        ].join('\n'),
      );
      await waitFor(
        async () => (sf.records('Lead').every((row) => row.Title === 'CTO') ? true : undefined),
        'the edits to sync',
      );
      await settled(org, 3);
      expect(sf.record('Contact', contact)?.Title).toBe('CTO');
      expect(sf.records('Contact')).toHaveLength(1);
      expect(sf.records('Lead')).toHaveLength(2);
      expect(salesforceCreates()).toHaveLength(0);
    });
  });

  describe('HubSpot companies by domain', () => {
    it('associates a contact with the company matched by domain and creates a new one once per domain', async () => {
      const hubspot = t.sandbox.hubspot;
      hubspot.reset();
      const org = await setUp(
        t.staff,
        'HubSpot companies',
        'hubspot',
        { baseUrl: t.sandbox.url, authorizeUrl: `${t.sandbox.url}/oauth/authorize` },
        ['contacts', 'companies'],
      );
      const acme = hubspot.seedRecord('companies', {
        name: 'Acme Corporation',
        domain: 'acme.example',
      });

      await org.api.importCsv(
        org.eventId,
        csv([
          { email: 'ann@acme.example', company: 'Acme Inc', website: 'https://www.acme.example' },
          { email: 'gus@globex.example', company: 'Globex', website: 'globex.example' },
          { email: 'gil@globex.example', company: 'Globex', website: 'http://globex.example/x' },
        ]),
      );
      expect(await settled(org, 3)).toMatchObject({ cleared: 3, failed: 0 });

      const companies = hubspot.records('companies');
      expect(companies).toHaveLength(2);
      // What sales wrote on the existing company stays.
      expect(hubspot.record('companies', acme)?.properties.name).toBe('Acme Corporation');
      const globex = companies.find((row) => row.properties.domain === 'globex.example');
      expect(globex?.properties.name).toBe('Globex');

      const contactId = (email: string) =>
        hubspot.records('contacts').find((row) => row.properties.email === email)?.id;
      const pairs = hubspot
        .associations()
        .map((row) => `${row.contactId}→${row.companyId}`)
        .sort();
      expect(pairs).toEqual(
        [
          `${contactId('ann@acme.example')}→${acme}`,
          `${contactId('gus@globex.example')}→${globex?.id}`,
          `${contactId('gil@globex.example')}→${globex?.id}`,
        ].sort(),
      );
      expect(await remoteIdsOf(org, 'gil@globex.example')).toEqual({
        contacts: contactId('gil@globex.example'),
        companies: globex?.id,
      });

      // The company's domain changed in Mobly: the stored company is kept, nothing created.
      await org.api.importCsv(
        org.eventId,
        csv([{ email: 'gus@globex.example', company: 'Globex', website: 'globex-group.example' }]),
      );
      await waitFor(
        async () =>
          hubspot.records('contacts').find((row) => row.properties.email === 'gus@globex.example')
            ?.properties.website === 'globex-group.example'
            ? true
            : undefined,
        'the edit to sync',
      );
      await settled(org, 3);
      expect(hubspot.records('companies')).toHaveLength(2);
      expect(await remoteIdsOf(org, 'gus@globex.example')).toEqual({
        contacts: contactId('gus@globex.example'),
        companies: globex?.id,
      });
    });
  });

  describe('Manual push', () => {
    it('returns an action whose progress ends with every pushed lead counted', async () => {
      t.sandbox.salesforce.reset();
      const org = await setUp(t.staff, 'Push', 'salesforce', { loginUrl: t.sandbox.url }, ['Lead']);
      const path = `/v1/connections/${org.connectionId}`;
      await org.api.ok('PUT', `${path}/sync-mode`, { mode: 'manual' });
      await org.api.importCsv(
        org.eventId,
        csv([
          { email: 'p1@push.example', company: 'Push', website: '' },
          { email: 'p2@push.example', company: 'Push', website: '' },
          { email: 'p3@push.example', company: 'Push', website: '' },
        ]),
      );
      // One lead the vendor refuses: it counts as failed.
      await org.api.ok('POST', '/v1/leads', {
        eventId: org.eventId,
        ...lead('bad', 'bad@push.example', { name: 'x'.repeat(300) }),
      });
      expect(await summary(org)).toMatchObject({ preSync: { frozen: 4 } });

      const pushed = await org.api.ok<ActionView>('POST', `${path}/push`, {
        eventId: org.eventId,
      });
      expect(pushed).toMatchObject({ kind: 'push', total: 4 });
      expect(pushed.cleared + pushed.failed + pushed.pending).toBe(4);

      const done = await waitFor(async () => {
        const action = await org.api.ok<ActionView>(
          'GET',
          `${path}/reconciliation/actions/${pushed.id}`,
        );

        return action.done ? action : undefined;
      }, 'the push to finish');
      expect(done).toMatchObject({ total: 4, cleared: 3, failed: 1, pending: 0 });
      expect(t.sandbox.salesforce.records('Lead')).toHaveLength(3);

      // Nothing left frozen: a second push moves nothing and is done at once.
      const again = await org.api.ok<ActionView>('POST', `${path}/push`, {
        eventId: org.eventId,
      });
      expect(again).toMatchObject({ total: 0, done: true });
    });
  });
});
