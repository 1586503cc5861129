import {
  connectMarketo,
  setUpOrg,
  setUpSalesforceOrg,
  waitFor,
  type ApiClient,
  type SalesforceOrg,
} from '@app/demo';
import type { FailedLead, Page } from '@libs/reconciliation';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

interface Qualifier {
  id: string;
  name: string;
  question: string;
  values: string[];
  choice: 'single' | 'multiple';
}

interface Problem {
  code: string;
  category?: string;
  field: string;
  value?: string;
}

interface Entry {
  qualifier: Qualifier;
  mapping: { target: string; mode: string; options: Record<string, string> | null } | null;
  problems: Problem[];
}

interface LeadView {
  id: string;
  sync: { connectionId: string; state: string; errorCategory: string | null }[];
}

function qualifierMappings(connectionId: string, object: string, qualifierId = ''): string {
  return `/v1/connections/${connectionId}/qualifier-mappings/${object}${qualifierId ? `/${qualifierId}` : ''}`;
}

async function createQualifier(
  api: ApiClient,
  name: string,
  values: string[],
  choice: 'single' | 'multiple',
): Promise<Qualifier> {
  return api.ok<Qualifier>('POST', '/v1/qualifiers', {
    name,
    question: `${name}?`,
    values,
    choice,
  });
}

function lead(email: string, answers: Record<string, string[]>): Record<string, unknown> {
  return {
    firstName: 'Quinn',
    lastName: email.split('@')[0],
    email,
    company: { name: 'Acme' },
    isEnriched: true,
    answers,
  };
}

/** Posts a lead and waits until it leaves Pre-Sync on `connectionId`; answers its state. */
async function syncLead(
  org: { api: ApiClient; eventId: string },
  connectionId: string,
  body: Record<string, unknown>,
): Promise<{ id: string; state: string }> {
  const posted = await org.api.ok<{ id: string }>('POST', '/v1/leads', {
    eventId: org.eventId,
    ...body,
  });

  return waitFor(
    async () => {
      const view = await org.api.ok<LeadView>('GET', `/v1/leads/${posted.id}`);
      const state = view.sync.find((entry) => entry.connectionId === connectionId)?.state;

      return state === 'cleared' || state === 'failed' ? { id: posted.id, state } : undefined;
    },
    `lead ${String(body.email)} to sync`,
  );
}

describe('Qualifiers', () => {
  let t: TestPlatform;

  beforeAll(async () => {
    t = await startTestPlatform();
  });

  afterAll(async () => {
    await t?.close();
  });

  beforeEach(() => {
    t.sandbox.salesforce.reset();
    t.sandbox.hubspot.reset();
    t.sandbox.marketo.reset();
  });

  describe('org qualifiers', () => {
    it('are created and changed by admins, read by reps, and keep their name', async () => {
      const org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
      const created = await org.api.request<Qualifier>('POST', '/v1/qualifiers', {
        name: 'Lead Type',
        question: 'How hot is this lead?',
        values: ['Hot', 'Warm', 'Cold'],
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'Lead Type', choice: 'single' });

      const twice = await org.api.request<Problem & { errors: Problem[] }>(
        'POST',
        '/v1/qualifiers',
        {
          name: 'Lead Type',
          question: 'Again?',
          values: ['Yes'],
        },
      );
      expect(twice.status).toBe(409);
      expect(twice.body.errors[0].field).toBe('name');

      const repeated = await org.api.request<{ errors: Problem[] }>('POST', '/v1/qualifiers', {
        name: 'Budget',
        question: 'Budget?',
        values: ['Small', 'Small'],
      });
      expect(repeated.status).toBe(422);
      expect(repeated.body.errors[0].field).toBe('values');

      const renamed = await org.api.request<{ errors: Problem[] }>(
        'PATCH',
        `/v1/qualifiers/${created.body.id}`,
        { name: 'Temperature' },
      );
      expect(renamed.status).toBe(422);
      expect(renamed.body.errors[0].field).toBe('name');

      const nulls = await org.api.request<{ errors: Problem[] }>(
        'PATCH',
        `/v1/qualifiers/${created.body.id}`,
        { values: null, question: null, choice: null },
      );
      expect(nulls.status).toBe(422);
      expect(nulls.body.errors.map((problem) => problem.field).sort()).toEqual([
        'choice',
        'question',
        'values',
      ]);
      expect(await org.api.ok<Qualifier>('GET', `/v1/qualifiers/${created.body.id}`)).toMatchObject(
        { question: 'How hot is this lead?', values: ['Hot', 'Warm', 'Cold'] },
      );

      const changed = await org.api.ok<Qualifier>('PATCH', `/v1/qualifiers/${created.body.id}`, {
        values: ['Hot', 'Warm', 'Cold', 'Frozen'],
        choice: 'multiple',
      });
      expect(changed).toMatchObject({
        values: ['Hot', 'Warm', 'Cold', 'Frozen'],
        choice: 'multiple',
      });

      const key = await org.api.ok<{ apiKey: string }>('POST', '/v1/api-keys', {
        role: 'rep',
        name: 'booth',
      });
      const rep = org.api.withKey(key.apiKey);
      expect((await rep.ok<Qualifier[]>('GET', '/v1/qualifiers')).map((q) => q.name)).toEqual([
        'Lead Type',
      ]);
      const repCreate = await rep.request('POST', '/v1/qualifiers', {
        name: 'X',
        question: 'X?',
        values: ['Y'],
      });
      expect(repCreate.status).toBe(403);

      expect((await org.api.request('DELETE', `/v1/qualifiers/${created.body.id}`)).status).toBe(
        204,
      );
      expect((await org.api.ok<Qualifier[]>('GET', '/v1/qualifiers')).length).toBe(0);
    });

    it("refuses at intake an answer that is not among the qualifier's values", async () => {
      const org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
      await createQualifier(org.api, 'Lead Type', ['Hot', 'Warm', 'Cold'], 'single');

      const unknown = await org.api.request<{ errors: Problem[] }>('POST', '/v1/leads', {
        eventId: org.eventId,
        ...lead('lukewarm@example.com', { 'Lead Type': ['Lukewarm'] }),
      });
      expect(unknown.status).toBe(422);
      expect(unknown.contentType).toContain('application/problem+json');
      expect(unknown.body.errors).toEqual([
        { field: 'answers.Lead Type', message: '"Lukewarm" not among Hot, Warm, Cold' },
      ]);

      const two = await org.api.request<{ errors: Problem[] }>('POST', '/v1/leads', {
        eventId: org.eventId,
        ...lead('both@example.com', { 'Lead Type': ['Hot', 'Cold'] }),
      });
      expect(two.status).toBe(422);
      expect(two.body.errors[0].field).toBe('answers.Lead Type');

      const leads = await org.api.ok<unknown[]>('GET', `/v1/events/${org.eventId}/leads`);
      expect(leads).toHaveLength(0);
    });
    it('names the qualifier of an answer that is not a list of values, and stores nothing', async () => {
      const org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
      await createQualifier(org.api, 'Budget', ['Small', 'Large'], 'single');
      const post = (answers: unknown) =>
        org.api.request<{ errors: Problem[] }>('POST', '/v1/leads', {
          eventId: org.eventId,
          ...lead('typed@example.com', {}),
          answers,
        });

      const text = await post({ Budget: 'yes' });
      expect(text.status).toBe(422);
      expect(text.contentType).toContain('application/problem+json');
      expect(text.body.errors).toEqual([
        { field: 'answers.Budget', message: 'must be a list of answers, such as ["yes"]' },
      ]);
      const numbers = await post({ Budget: [5], 'Not a qualifier': 'no' });
      expect(numbers.status).toBe(422);
      expect(numbers.body.errors).toEqual([
        { field: 'answers.Budget', message: 'each answer must be text of at most 1000 characters' },
        {
          field: 'answers.Not a qualifier',
          message: 'must be a list of answers, such as ["no"]',
        },
      ]);
      const flat = await post(['Small']);
      expect(flat.status).toBe(422);
      expect(flat.body.errors).toEqual([
        { field: 'answers', message: 'must map each qualifier name to a list of answers' },
      ]);
      const unknown = await post({ Budget: ['Medium'] });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors).toEqual([
        { field: 'answers.Budget', message: '"Medium" not among Small, Large' },
      ]);

      expect(await org.api.ok<unknown[]>('GET', `/v1/events/${org.eventId}/leads`)).toHaveLength(0);
    });
  });

  describe('on Salesforce', () => {
    let org: SalesforceOrg;
    let leadType: Qualifier;
    let interests: Qualifier;

    beforeEach(async () => {
      t.sandbox.salesforce.addPicklistField('Lead', {
        name: 'Lead_Type__c',
        label: 'Lead Type',
        multiSelect: false,
        restricted: true,
        values: ['A - Hot', 'B - Warm', 'C - Cold'],
      });
      t.sandbox.salesforce.addPicklistField('Lead', {
        name: 'Interests__c',
        label: 'Interests',
        multiSelect: true,
        restricted: true,
        values: ['Pricing', 'Product demo', 'Integrations'],
      });
      org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
      leadType = await createQualifier(org.api, 'Lead Type', ['Hot', 'Warm', 'Cold'], 'single');
      interests = await createQualifier(
        org.api,
        'Interests',
        ['Pricing', 'Demo', 'Integrations', 'Support'],
        'multiple',
      );
      await org.api.ok('PUT', qualifierMappings(org.connectionId, 'Lead', leadType.id), {
        target: 'Lead_Type__c',
        mode: 'options',
        options: { Hot: 'A - Hot', Warm: 'B - Warm', Cold: 'C - Cold' },
      });
      await org.api.ok('PUT', qualifierMappings(org.connectionId, 'Lead', interests.id), {
        target: 'Interests__c',
        mode: 'options',
        options: { Pricing: 'Pricing', Demo: 'Product demo', Integrations: 'Integrations' },
      });
    });

    it('writes single and multi-select answers as picklist values joined with ";"', async () => {
      const synced = await syncLead(
        org,
        org.connectionId,
        lead('ada@example.com', { 'Lead Type': ['Warm'], Interests: ['Pricing', 'Demo'] }),
      );
      expect(synced.state).toBe('cleared');

      const [record] = t.sandbox.salesforce
        .records('Lead')
        .filter((candidate) => candidate.Email === 'ada@example.com');
      expect(record).toMatchObject({
        Lead_Type__c: 'B - Warm',
        Interests__c: 'Pricing;Product demo',
      });
    });

    it('lists every qualifier with its mapping and flags what cannot work', async () => {
      const listed = await org.api.ok<{ delimiter: string; qualifiers: Entry[] }>(
        'GET',
        qualifierMappings(org.connectionId, 'Lead'),
      );
      expect(listed.delimiter).toBe(';');
      const byName = new Map(listed.qualifiers.map((entry) => [entry.qualifier.name, entry]));
      expect(byName.get('Lead Type')?.problems).toEqual([]);
      expect(byName.get('Interests')?.problems).toEqual([
        expect.objectContaining({
          code: 'UNMAPPED_VALUE',
          category: 'NO_TAG_MAPPING',
          field: 'Interests__c',
          value: 'Support',
        }),
      ]);

      const budget = await createQualifier(org.api, 'Budget', ['Small', 'Large'], 'single');
      const unmapped = await org.api.ok<{ qualifiers: Entry[] }>(
        'GET',
        qualifierMappings(org.connectionId, 'Lead'),
      );
      expect(unmapped.qualifiers.find((e) => e.qualifier.id === budget.id)).toMatchObject({
        mapping: null,
        problems: [{ code: 'QUALIFIER_UNMAPPED', category: 'NO_TAG_MAPPING', field: 'Budget' }],
      });

      // An option the restricted picklist lacks is saved, but flagged.
      t.sandbox.salesforce.addPicklistField('Lead', {
        name: 'Budget__c',
        label: 'Budget',
        multiSelect: false,
        restricted: true,
        values: ['Small', 'Medium'],
      });
      const flagged = await org.api.ok<Entry>(
        'PUT',
        qualifierMappings(org.connectionId, 'Lead', budget.id),
        { target: 'Budget__c', mode: 'options', options: { Small: 'Small', Large: 'Huge' } },
      );
      expect(flagged.problems).toEqual([
        expect.objectContaining({ code: 'INVALID_VALUE', field: 'Budget__c', value: 'Large' }),
      ]);
    });

    it('refuses mappings naming an unknown field or value, or a field a row writes', async () => {
      const path = qualifierMappings(org.connectionId, 'Lead', leadType.id);
      const unknownField = await org.api.request<{ errors: Problem[] }>('PUT', path, {
        target: 'NoSuchField__c',
        mode: 'text',
      });
      expect(unknownField.status).toBe(422);
      expect(unknownField.body.errors).toEqual([
        { field: 'target', message: 'Lead has no field NoSuchField__c' },
      ]);

      const unknownValue = await org.api.request<{ errors: Problem[] }>('PUT', path, {
        target: 'Lead_Type__c',
        mode: 'options',
        options: { Boiling: 'A - Hot' },
      });
      expect(unknownValue.status).toBe(422);
      expect(unknownValue.body.errors[0].field).toBe('options.Boiling');

      const rowTarget = await org.api.request<{ errors: Problem[] }>('PUT', path, {
        target: 'LastName',
        mode: 'text',
      });
      expect(rowTarget.status).toBe(409);
      expect(rowTarget.body.errors[0].field).toBe('target');

      const otherQualifier = await org.api.request('PUT', path, {
        target: 'Interests__c',
        mode: 'text',
      });
      expect(otherQualifier.status).toBe(409);
    });

    it('fails an unmapped answer NO_TAG_MAPPING with no vendor write, then clears it once mapped', async () => {
      const budget = await createQualifier(org.api, 'Budget', ['Under 10k', 'Over 100k'], 'single');
      t.sandbox.salesforce.clearJournal();

      const unmapped = await syncLead(
        org,
        org.connectionId,
        lead('budget@example.com', { 'Lead Type': ['Hot'], Budget: ['Over 100k'] }),
      );
      const unmappedValue = await syncLead(
        org,
        org.connectionId,
        lead('support@example.com', { Interests: ['Pricing', 'Support'] }),
      );
      const mapped = await syncLead(
        org,
        org.connectionId,
        lead('hot@example.com', { 'Lead Type': ['Hot'] }),
      );
      expect([unmapped.state, unmappedValue.state, mapped.state]).toEqual([
        'failed',
        'failed',
        'cleared',
      ]);

      const failed = await org.api.ok<Page<FailedLead>>(
        'GET',
        `/v1/connections/${org.connectionId}/reconciliation/failed`,
      );
      const byEmail = new Map(failed.items.map((item) => [item.email, item]));
      expect(byEmail.get('budget@example.com')).toMatchObject({
        category: 'NO_TAG_MAPPING',
        vendorCode: 'QUALIFIER_UNMAPPED',
        field: 'Budget',
        vendorMessage:
          'Budget: no mapping on this connection (answer: Over 100k; checked before sending)',
      });
      expect(byEmail.get('support@example.com')).toMatchObject({
        category: 'NO_TAG_MAPPING',
        vendorCode: 'VALUE_UNMAPPED',
        field: 'Interests',
        vendorMessage: expect.stringContaining('"Support" has no remote option'),
      });

      // The journal holds every call the emulator answered: the failed leads were never sent,
      // not even looked up, while the mapped one was.
      const sent = JSON.stringify(t.sandbox.salesforce.journal());
      expect(sent).toContain('hot@example.com');
      expect(sent).not.toContain('budget@example.com');
      expect(sent).not.toContain('support@example.com');
      const emails = t.sandbox.salesforce.records('Lead').map((record) => record.Email);
      expect(emails).not.toContain('budget@example.com');

      await org.api.ok('PUT', qualifierMappings(org.connectionId, 'Lead', budget.id), {
        target: 'CurrentGenerators__c',
        mode: 'text',
      });
      await org.api.ok('POST', `/v1/connections/${org.connectionId}/reconciliation/retry`, {
        leadIds: [unmapped.id],
      });
      await waitFor(async () => {
        const view = await org.api.ok<LeadView>('GET', `/v1/leads/${unmapped.id}`);

        return view.sync[0]?.state === 'cleared' ? view : undefined;
      }, 'the retried lead to clear');
      const [record] = t.sandbox.salesforce
        .records('Lead')
        .filter((candidate) => candidate.Email === 'budget@example.com');
      expect(record).toMatchObject({ Lead_Type__c: 'A - Hot', CurrentGenerators__c: 'Over 100k' });
    });
  });

  it('leaves answers out of legacy connections, which never wrote them', async () => {
    // A customer still on legacy: its leads go to its legacy connection.
    const created = await t.staff.ok<{ apiKey: string }>('POST', '/v1/orgs', {
      name: 'Legacy customer',
      platform: 'legacy',
    });
    const api = t.staff.withKey(created.apiKey);
    const event = await api.ok<{ id: string }>('POST', '/v1/events', { name: 'Expo' });
    const org = { api, eventId: event.id };
    const legacy = await org.api.ok<{ id: string }>('POST', '/v1/legacy/connections', {
      vendor: 'salesforce',
      credentials: t.sandbox.salesforce.userCredentials(),
      settings: { loginUrl: t.sandbox.url },
    });
    await org.api.ok('PUT', `/v1/legacy/connections/${legacy.id}/panels/Lead`, {
      fields: { LastName: 'last_name', Company: 'company_name', Email: 'email' },
    });
    await createQualifier(org.api, 'Lead Type', ['Hot', 'Warm', 'Cold'], 'single');

    const synced = await syncLead(
      org,
      legacy.id,
      lead('legacy@example.com', { 'Lead Type': ['Hot'] }),
    );
    expect(synced.state).toBe('cleared');
  });

  it('writes HubSpot checkboxes joined with ";" and Marketo free text', async () => {
    const org = await setUpOrg(t.staff, t.sandbox.url, 'hubspot');
    const marketo = await connectMarketo(org.api, t.sandbox.url);
    const role = await createQualifier(
      org.api,
      'Buying role',
      ['Decision maker', 'Budget holder', 'Champion'],
      'multiple',
    );
    const checkboxes = await org.api.ok<Entry>(
      'PUT',
      qualifierMappings(org.connectionId, 'contacts', role.id),
      {
        target: 'hs_buying_role',
        mode: 'options',
        options: {
          'Decision maker': 'DECISION_MAKER',
          'Budget holder': 'BUDGET_HOLDER',
          Champion: 'CHAMPION',
        },
      },
    );
    expect(checkboxes.problems).toEqual([]);
    await org.api.ok('PUT', qualifierMappings(marketo.id, 'leads', role.id), {
      target: 'textarea_field',
      mode: 'text',
    });

    const body = lead('grace@example.com', { 'Buying role': ['Decision maker', 'Champion'] });
    expect((await syncLead(org, org.connectionId, body)).state).toBe('cleared');
    const [contact] = t.sandbox.hubspot
      .records('contacts')
      .filter((record) => record.properties.email === 'grace@example.com');
    expect(contact.properties.hs_buying_role).toBe('DECISION_MAKER;CHAMPION');

    const marketoLead = await waitFor(
      async () => t.sandbox.marketo.leads().find((record) => record.email === 'grace@example.com'),
      'the Marketo lead',
    );
    expect(marketoLead.textarea_field).toBe('Decision maker;Champion');
  });
});
