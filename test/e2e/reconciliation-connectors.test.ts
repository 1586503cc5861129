import {
  connectWithOAuth,
  sampleLeadsCsv,
  setUpOrg,
  summary,
  waitFor,
  type AuthorizeRequest,
  type SalesforceOrg,
  type Summary,
} from '@app/demo';
import { HUBSPOT_APP, SALESFORCE_CONNECTED_APP, type Sandbox } from '@app/sandbox';
import type {
  ActionProgress,
  FailedCategoryGroup,
  FailedLead,
  Page,
  PreSyncLead,
} from '@libs/reconciliation';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

/**
 * The bad leads every CRM connector gets besides the 22 sample leads, and how each vendor
 * answers them. A vendor that accepts a value (HubSpot has no short text limit and needs no last
 * name) clears the lead: only what the vendor refuses may fail.
 */
type BadKind =
  | 'invalid_email'
  | 'restricted_picklist'
  | 'long_company'
  | 'missing_last_name'
  | 'unmapped_qualifier'
  | 'deleted_field'
  | 'revoked_token';

/** The org's qualifier; the bad lead answers it before any connection maps it. */
const QUALIFIER = {
  name: 'Buying role',
  question: 'What is their role in the purchase?',
  values: ['Decision maker', 'Budget holder', 'Champion'],
  choice: 'single',
};
const ANSWER = 'Budget holder';

interface Expected {
  category: string;
  vendorCode: string;
  field: string;
}

interface CrmCase {
  integration: 'salesforce' | 'hubspot';
  /** Emulator state before any lead: a restricted picklist the sample leads' ratings fit. */
  prepare(sandbox: Sandbox, org: SalesforceOrg): Promise<void>;
  /** Per bad kind: the failure expected, or `cleared` when the vendor accepts the lead. */
  outcomes: Record<Exclude<BadKind, 'revoked_token'>, Expected | 'cleared'>;
  deleteField(sandbox: Sandbox): void;
  /** The admin's fixes in the vendor: the picklist value, the field length, the field back. */
  fixInVendor(sandbox: Sandbox): void;
  /** The admin's fix on the platform: the qualifier's field and its values' remote options. */
  qualifierMapping: { object: string; target: string; options: Record<string, string> };
  /** The value the vendor holds in `field` for the record with `email`. */
  remoteValue(sandbox: Sandbox, email: string, field: string): unknown;
  revoke(sandbox: Sandbox): void;
  reauthorize(sandbox: Sandbox): AuthorizeRequest;
  remoteEmails(sandbox: Sandbox): string[];
}

function options(values: string[]) {
  return values.map((value, index) => ({
    label: value,
    value,
    displayOrder: index,
    hidden: false,
  }));
}

function picklist(values: string[]) {
  return values.map((value) => ({ active: true, defaultValue: false, label: value, value }));
}

const CASES: CrmCase[] = [
  {
    integration: 'salesforce',
    async prepare(sandbox) {
      sandbox.salesforce.overrideField('Lead', 'Rating', {
        restrictedPicklist: true,
        picklistValues: picklist(['Hot', 'Warm', 'Cold']),
      });
      sandbox.salesforce.addPicklistField('Lead', {
        name: 'Buying_Role__c',
        label: 'Buying Role',
        multiSelect: false,
        restricted: true,
        values: ['Decision Maker', 'Budget Holder', 'Champion'],
      });
    },
    outcomes: {
      invalid_email: {
        category: 'DATA_VALUE_VALIDATION',
        vendorCode: 'INVALID_EMAIL_ADDRESS',
        field: 'Email',
      },
      restricted_picklist: {
        category: 'DATA_VALUE_VALIDATION',
        // Restricted after the schema was cached: the vendor itself refuses the value.
        vendorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        field: 'Rating',
      },
      long_company: {
        category: 'DATA_VALUE_VALIDATION',
        vendorCode: 'STRING_TOO_LONG',
        field: 'Company',
      },
      missing_last_name: {
        category: 'REQUIRED_FIELD_MISSING',
        vendorCode: 'REQUIRED_FIELD_MISSING',
        field: 'LastName',
      },
      // Checked on the platform before any vendor call: the field is the qualifier's name.
      unmapped_qualifier: {
        category: 'NO_TAG_MAPPING',
        vendorCode: 'QUALIFIER_UNMAPPED',
        field: QUALIFIER.name,
      },
      deleted_field: {
        category: 'MISSING_REMOTE_FIELD',
        vendorCode: 'INVALID_FIELD',
        field: 'Website',
      },
    },
    deleteField: (sandbox) => sandbox.salesforce.deleteField('Lead', 'Website'),
    fixInVendor(sandbox) {
      sandbox.salesforce.overrideField('Lead', 'Rating', {
        restrictedPicklist: true,
        picklistValues: picklist(['Hot', 'Warm', 'Cold', 'Lukewarm']),
      });
      sandbox.salesforce.overrideField('Lead', 'Company', { length: 400 });
      sandbox.salesforce.restoreField('Lead', 'Website');
    },
    qualifierMapping: {
      object: 'Lead',
      target: 'Buying_Role__c',
      options: {
        'Decision maker': 'Decision Maker',
        'Budget holder': 'Budget Holder',
        Champion: 'Champion',
      },
    },
    remoteValue: (sandbox, email, field) =>
      sandbox.salesforce.records('Lead').find((record) => record.Email === email)?.[field],
    revoke: (sandbox) => sandbox.salesforce.revokeGrants(),
    reauthorize: (sandbox) => ({
      settings: { loginUrl: sandbox.url },
      credentials: {
        clientId: SALESFORCE_CONNECTED_APP.clientId,
        clientSecret: SALESFORCE_CONNECTED_APP.clientSecret,
      },
    }),
    remoteEmails: (sandbox) =>
      sandbox.salesforce.records('Lead').map((record) => String(record.Email)),
  },
  {
    integration: 'hubspot',
    async prepare(sandbox, org) {
      // The portal's Lead Status offers the ratings the sample leads carry.
      sandbox.hubspot.overrideProperty('contacts', 'hs_lead_status', {
        options: options(['Hot', 'Warm', 'Cold']),
      });
      await org.api.ok('POST', `/v1/connections/${org.connectionId}/schema/contacts/refresh`);
      await org.api.ok('POST', `/v1/connections/${org.connectionId}/mappings/contacts/rows`, {
        source: 'rating',
        target: 'hs_lead_status',
      });
    },
    outcomes: {
      invalid_email: {
        category: 'DATA_VALUE_VALIDATION',
        vendorCode: 'INVALID_EMAIL',
        field: 'email',
      },
      restricted_picklist: {
        category: 'DATA_VALUE_VALIDATION',
        // Caught by the pre-flight against the refreshed schema, before any write.
        vendorCode: 'INVALID_PICKLIST_VALUE',
        field: 'hs_lead_status',
      },
      long_company: 'cleared',
      missing_last_name: 'cleared',
      unmapped_qualifier: {
        category: 'NO_TAG_MAPPING',
        vendorCode: 'QUALIFIER_UNMAPPED',
        field: QUALIFIER.name,
      },
      deleted_field: {
        category: 'MISSING_REMOTE_FIELD',
        vendorCode: 'PROPERTY_DOESNT_EXIST',
        field: 'website',
      },
    },
    deleteField: (sandbox) => sandbox.hubspot.deleteProperty('contacts', 'website'),
    fixInVendor(sandbox) {
      sandbox.hubspot.overrideProperty('contacts', 'hs_lead_status', {
        options: options(['Hot', 'Warm', 'Cold', 'Lukewarm']),
      });
      sandbox.hubspot.restoreProperty('contacts', 'website');
    },
    qualifierMapping: {
      object: 'contacts',
      target: 'hs_buying_role',
      options: {
        'Decision maker': 'DECISION_MAKER',
        'Budget holder': 'BUDGET_HOLDER',
        Champion: 'CHAMPION',
      },
    },
    remoteValue: (sandbox, email, field) =>
      sandbox.hubspot.records('contacts').find((record) => record.properties.email === email)
        ?.properties[field],
    revoke(sandbox) {
      sandbox.hubspot.revokeGrants();
      sandbox.hubspot.expireAccessTokens();
    },
    reauthorize: (sandbox) => ({
      settings: { baseUrl: sandbox.url, authorizeUrl: `${sandbox.url}/oauth/authorize` },
      credentials: { clientId: HUBSPOT_APP.clientId, clientSecret: HUBSPOT_APP.clientSecret },
    }),
    remoteEmails: (sandbox) =>
      sandbox.hubspot.records('contacts').map((record) => String(record.properties.email)),
  },
];

/** The bad leads, by the email each is captured with. */
const EMAIL: Record<BadKind, string> = {
  invalid_email: 'jörg@example.com',
  restricted_picklist: 'warmish@example.com',
  long_company: 'long@example.com',
  missing_last_name: 'nolast@example.com',
  unmapped_qualifier: 'buyer@example.com',
  deleted_field: 'gone@example.com',
  revoked_token: 'held@example.com',
};

function badLead(kind: BadKind, eventId: string): Record<string, unknown> {
  const lead: Record<string, unknown> = {
    eventId,
    externalId: `bad-${kind}`,
    firstName: 'Bad',
    lastName: kind,
    email: EMAIL[kind],
    company: { name: 'Acme' },
    isEnriched: true,
  };
  if (kind === 'restricted_picklist') lead.rating = 'Lukewarm';
  if (kind === 'long_company') lead.company = { name: 'C'.repeat(300) };
  if (kind === 'missing_last_name') delete lead.lastName;
  if (kind === 'unmapped_qualifier') lead.answers = { [QUALIFIER.name]: [ANSWER] };
  if (kind === 'deleted_field') lead.company = { name: 'Acme', website: 'https://gone.example' };

  return lead;
}

/** The leads each connection gets: the sample leads, then one bad lead of each kind. */
const SAMPLE_LEADS = 22;
const TOTAL = SAMPLE_LEADS + Object.keys(EMAIL).length;

describe.each(CASES)('Reconciliation of bad leads through $integration', (crm) => {
  let t: TestPlatform;
  let org: SalesforceOrg;
  let base: string;
  let qualifierId: string;

  const failures = () =>
    Object.entries(crm.outcomes).filter(
      (entry): entry is [BadKind, Expected] => entry[1] !== 'cleared',
    );

  async function settled(total: number): Promise<Summary> {
    return waitFor(async () => {
      const current = await summary(org);

      return current.total === total && current.preSync.total === 0 ? current : undefined;
    }, `${total} leads to settle`);
  }

  async function failedLeads(): Promise<FailedLead[]> {
    return (await org.api.ok<Page<FailedLead>>('GET', `${base}/failed?limit=500`)).items;
  }

  async function retry(category: string): Promise<ActionProgress> {
    const started = await org.api.ok<ActionProgress>('POST', `${base}/retry`, { category });

    return waitFor(async () => {
      const progress = await org.api.ok<ActionProgress>('GET', `${base}/actions/${started.id}`);

      return progress.done ? progress : undefined;
    }, `the ${category} retry to finish`);
  }

  beforeAll(async () => {
    t = await startTestPlatform({ queue: 'redis' });
    org = await setUpOrg(t.staff, t.sandbox.url, crm.integration);
    base = `/v1/connections/${org.connectionId}/reconciliation`;
    qualifierId = (await org.api.ok<{ id: string }>('POST', '/v1/qualifiers', QUALIFIER)).id;
    await crm.prepare(t.sandbox, org);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('fails each bad lead the vendor refuses with its category, vendor code and field', async () => {
    await org.api.importCsv(org.eventId, sampleLeadsCsv());
    const first = [
      'invalid_email',
      'restricted_picklist',
      'long_company',
      'missing_last_name',
      'unmapped_qualifier',
    ] as const;
    for (const kind of first) {
      await org.api.ok('POST', '/v1/leads', badLead(kind, org.eventId));
    }
    await settled(SAMPLE_LEADS + first.length);

    // A field deleted in the vendor after the schema was cached: the vendor refuses the write.
    crm.deleteField(t.sandbox);
    await org.api.ok('POST', '/v1/leads', badLead('deleted_field', org.eventId));
    await settled(SAMPLE_LEADS + first.length + 1);

    const failed = await failedLeads();
    for (const [kind, expected] of Object.entries(crm.outcomes)) {
      const lead = failed.find((item) => item.email === EMAIL[kind as BadKind]);
      if (expected === 'cleared') {
        expect({ kind, lead }).toEqual({ kind, lead: undefined });
        continue;
      }
      expect({ kind, lead }).toEqual({
        kind,
        lead: expect.objectContaining({
          category: expected.category,
          vendorCode: expected.vendorCode,
          field: expected.field,
          vendorMessage: expect.any(String),
          helpUrl: `/v1/error-categories/${expected.category}/help`,
        }),
      });
    }
    expect(failed).toHaveLength(failures().length);

    // The unmapped answer is quoted, and the lead never reached the vendor.
    const unmapped = failed.find((item) => item.email === EMAIL.unmapped_qualifier);
    expect(unmapped?.vendorMessage).toContain(ANSWER);
    expect(crm.remoteEmails(t.sandbox)).not.toContain(EMAIL.unmapped_qualifier);
  });

  it('holds the lead of a revoked connection as pre-sync: the connection needs AUTH_INVALID fixed', async () => {
    crm.revoke(t.sandbox);
    await org.api.ok('POST', '/v1/leads', badLead('revoked_token', org.eventId));

    // The connection is marked during the refused call; the lead is put back in the queue once
    // the batch is recorded, a moment later: wait for both.
    const { connection, page } = await waitFor(async () => {
      const current = await org.api.ok<{ status: string; problem: { category: string } | null }>(
        'GET',
        `/v1/connections/${org.connectionId}`,
      );
      if (current.status !== 'needs_reauth') return undefined;
      const waiting = await org.api.ok<Page<PreSyncLead>>('GET', `${base}/pre-sync`);

      return waiting.items.some((item) => item.state === 'queued')
        ? { connection: current, page: waiting }
        : undefined;
    }, 'the connection to need re-authorisation and its lead to wait');
    expect(connection.problem?.category).toBe('AUTH_INVALID');
    expect(page.items).toEqual([
      expect.objectContaining({
        email: EMAIL.revoked_token,
        state: 'queued',
        reason: expect.stringContaining('re-authorisation'),
      }),
    ]);
    // Held, never failed: the category belongs to the connection, not to the lead.
    expect((await failedLeads()).map((lead) => lead.email)).not.toContain(EMAIL.revoked_token);
  });

  it('groups the failures by category with counts, and sums them in the summary', async () => {
    const expected = new Map<string, number>();
    for (const [, outcome] of failures()) {
      expected.set(outcome.category, (expected.get(outcome.category) ?? 0) + 1);
    }
    expect(expected.get('NO_TAG_MAPPING')).toBe(1);
    const groups = await org.api.ok<FailedCategoryGroup[]>('GET', `${base}/failed/by-category`);
    expect(new Map(groups.map((group) => [group.code, group.count]))).toEqual(expected);
    for (const group of groups) {
      const codes = failures()
        .filter(([, outcome]) => outcome.category === group.code)
        .map(([, outcome]) => outcome.vendorCode)
        .sort();
      expect(
        group.vendorCodes.flatMap((code) => Array(code.count).fill(code.vendorCode)).sort(),
      ).toEqual(codes);
    }

    const current = await summary(org);
    expect(current).toMatchObject({
      total: TOTAL,
      failed: failures().length,
      cleared: TOTAL - 1 - failures().length,
      preSync: { total: 1, queued: 1 },
    });
    expect(new Map(current.failedByCategory.map((row) => [row.category, row.count]))).toEqual(
      expected,
    );
  });

  it('clears every bad lead once its cause is fixed and its category retried', async () => {
    // Re-authorise through OAuth: the held lead syncs by itself.
    const reauthorized = await connectWithOAuth(org.api, crm.integration, {
      ...crm.reauthorize(t.sandbox),
      connectionId: org.connectionId,
    });
    expect(reauthorized.status).toBe('connected');
    await waitFor(async () => {
      const current = await summary(org);

      return current.preSync.total === 0 ? current : undefined;
    }, 'the held lead to sync');

    // The admin fixes the vendor, and maps the qualifier and its values on the platform.
    crm.fixInVendor(t.sandbox);
    const { object, ...mapping } = crm.qualifierMapping;
    const mapped = await org.api.ok<{ problems: unknown[] }>(
      'PUT',
      `/v1/connections/${org.connectionId}/qualifier-mappings/${object}/${qualifierId}`,
      { mode: 'options', ...mapping },
    );
    expect(mapped.problems).toEqual([]);

    const categories = [...new Set(failures().map(([, outcome]) => outcome.category))];
    const progress = new Map<string, ActionProgress>();
    for (const category of categories) progress.set(category, await retry(category));

    // The invalid email is the lead's own fault: a retry alone cannot clear it ...
    const stillFailed = (await failedLeads()).map((lead) => lead.email).sort();
    const leadFixes = failures()
      .map(([kind]) => kind)
      .filter((kind) => kind === 'invalid_email' || kind === 'missing_last_name');
    expect(stillFailed).toEqual(leadFixes.map((kind) => EMAIL[kind]).sort());
    for (const [category, action] of progress) {
      const unfixed = leadFixes.filter(
        (kind) => (crm.outcomes[kind] as Expected).category === category,
      ).length;
      const all = failures().filter(([, outcome]) => outcome.category === category).length;
      expect({ category, action }).toMatchObject({
        category,
        action: { total: all, cleared: all - unfixed, failed: unfixed, pending: 0 },
      });
    }
    // The mapped answer is written as the remote option the admin chose.
    expect(crm.remoteValue(t.sandbox, EMAIL.unmapped_qualifier, mapping.target)).toBe(
      mapping.options[ANSWER],
    );

    // ... the rep corrects the lead, which re-syncs it.
    await org.api.ok('POST', '/v1/leads', {
      ...badLead('invalid_email', org.eventId),
      email: 'joerg@example.com',
    });
    await org.api.ok('POST', '/v1/leads', {
      ...badLead('missing_last_name', org.eventId),
      lastName: 'Lastly',
    });

    expect(await settled(TOTAL)).toMatchObject({ cleared: TOTAL, failed: 0 });
    const remote = crm.remoteEmails(t.sandbox);
    for (const email of [
      'joerg@example.com',
      EMAIL.restricted_picklist,
      EMAIL.long_company,
      EMAIL.missing_last_name,
      EMAIL.unmapped_qualifier,
      EMAIL.deleted_field,
      EMAIL.revoked_token,
    ]) {
      expect(remote).toContain(email);
    }
  });
});
