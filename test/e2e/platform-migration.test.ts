import { connectSalesforce, waitFor, type ApiClient, type Summary } from '@app/demo';
import type { JournalEntry } from '@app/sandbox';
import type { LeadDto } from '@libs/intake';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

type Path = 'legacy' | 'new';

interface MigratingOrg {
  orgId: string;
  api: ApiClient;
  eventId: string;
  /** The legacy path's CRM connection, and the new platform's. */
  legacy: string;
  fresh: string;
}

/** One Salesforce write of a lead, read from the emulator's request journal. */
interface Write {
  op: 'create' | 'update';
  /** The path that wrote it, from what each path's mapping writes to Fax. */
  path: Path;
  id?: string;
}

/** What legacy writes to Fax (its panel maps the lead's phone there); the new mapping writes `new`. */
const LEGACY_FAX = '+15550100';

/**
 * An org imported from the legacy stack: a legacy Salesforce connection (username, password and
 * security token; its panel maps `Fax` to the lead's phone, which every lead here carries) and,
 * ready for the move, a new-platform Salesforce connection whose mapping writes `Fax = new`.
 */
async function setUpLegacyOrg(t: TestPlatform, name: string): Promise<MigratingOrg> {
  const created = await t.staff.ok<{ id: string; apiKey: string; platform: string }>(
    'POST',
    '/v1/orgs',
    { name, platform: 'legacy' },
  );
  expect(created.platform).toBe('legacy');
  const api = t.staff.withKey(created.apiKey);
  const event = await api.ok<{ id: string }>('POST', '/v1/events', { name: 'Expo' });
  const legacy = await api.ok<{ id: string; platform: string }>('POST', '/v1/legacy/connections', {
    vendor: 'salesforce',
    credentials: t.sandbox.salesforce.userCredentials(),
    settings: { loginUrl: t.sandbox.url },
  });
  expect(legacy.platform).toBe('legacy');
  await api.ok('PUT', `/v1/legacy/connections/${legacy.id}/panels/Lead`, {
    fields: {
      LastName: 'last_name',
      Company: 'company_name',
      Email: 'email',
      Title: 'job_title',
      Fax: 'phone',
    },
  });
  const fresh = await connectSalesforce(api, t.sandbox.url);
  await api.ok('POST', `/v1/connections/${fresh.id}/mappings/Lead/rows`, {
    target: 'Fax',
    constant: 'new',
  });

  return { orgId: created.id, api, eventId: event.id, legacy: legacy.id, fresh: fresh.id };
}

async function summaryOf(org: MigratingOrg, connectionId: string): Promise<Summary> {
  return org.api.ok<Summary>('GET', `/v1/connections/${connectionId}/reconciliation/summary`);
}

/**
 * Waits until neither path has a lead queued or in flight (held ones aside) and each path has
 * Cleared at least as many as given.
 */
async function settled(
  org: MigratingOrg,
  cleared: { legacy?: number; fresh?: number; total?: number },
): Promise<void> {
  await waitFor(
    async () => {
      const [legacy, fresh] = [await summaryOf(org, org.legacy), await summaryOf(org, org.fresh)];
      const waiting = (s: Summary) =>
        s.preSync.queued + s.preSync.inFlight + s.preSync.awaitingEnrichment;
      const enough =
        legacy.cleared >= (cleared.legacy ?? 0) &&
        fresh.cleared >= (cleared.fresh ?? 0) &&
        legacy.cleared + fresh.cleared >= (cleared.total ?? 0);

      return waiting(legacy) === 0 && waiting(fresh) === 0 && enough ? true : undefined;
    },
    `leads to settle (${JSON.stringify(cleared)})`,
    60_000,
  );
}

/** Every successful Lead write, per lead email (creates and updates), in order. */
function writesByEmail(t: TestPlatform): Map<string, Write[]> {
  const writes = new Map<string, Write[]>();
  const byId = new Map<string, string>();
  const ofRecord = (op: Write['op'], record: Record<string, unknown>, id?: string) => {
    const email = (record.Email as string | undefined) ?? (id ? byId.get(id) : undefined);
    if (!email) return;
    if (id) byId.set(id, email);
    const list = writes.get(email) ?? [];
    const path = record.Fax === 'new' ? 'new' : record.Fax === LEGACY_FAX ? 'legacy' : undefined;
    if (!path) throw new Error(`a write of ${email} by neither path: ${JSON.stringify(record)}`);
    list.push({ op, path, id });
    writes.set(email, list);
  };
  for (const entry of t.sandbox.salesforce.journal() as JournalEntry[]) {
    if (!entry.path.endsWith('/composite/sobjects') || entry.status !== 200) continue;
    const records = (entry.body as { records: Record<string, unknown>[] }).records;
    for (const record of records) {
      if (entry.method === 'POST') ofRecord('create', record);
      if (entry.method === 'PATCH') ofRecord('update', record, record.Id as string);
    }
  }

  return writes;
}

/** The CRM sync records of a lead: which path's connection holds it, and its state. */
async function recordsOf(org: MigratingOrg, leadId: string) {
  const lead = await org.api.ok<LeadDto>('GET', `/v1/leads/${leadId}`);

  return lead.sync.map((record) => ({
    path: record.connectionId === org.legacy ? 'legacy' : 'new',
    state: record.state,
  }));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Moving an org to the new platform', () => {
  let t: TestPlatform;

  beforeAll(async () => {
    t = await startTestPlatform({ env: { MIGRATION_TICK_MS: '1000' } });
  });

  afterAll(async () => {
    await t?.close();
  });

  beforeEach(() => t.sandbox.salesforce.reset());

  it('writes every lead exactly once, by the path the watermark assigns, across switch, rollback and switch', async () => {
    const org = await setUpLegacyOrg(t, 'Switching org');
    const leads: { id: string; email: string; sentAt: number; answeredAt: number }[] = [];
    let ingesting = true;
    const ingest = async (worker: number) => {
      for (let n = 0; ingesting; n += 1) {
        const email = `w${worker}-${n}@switch.example`;
        const sentAt = Date.now();
        const lead = await org.api.ok<LeadDto>('POST', '/v1/leads', {
          eventId: org.eventId,
          email,
          lastName: `Lead ${worker}-${n}`,
          company: { name: 'Switch Inc' },
          isEnriched: true,
          phone: LEGACY_FAX,
        });
        leads.push({ id: lead.id, email, sentAt, answeredAt: Date.now() });
      }
    };
    const switches: { to: Path; sentAt: number; answeredAt: number }[] = [];
    const move = async (action: 'switch' | 'rollback') => {
      const sentAt = Date.now();
      const row = await t.staff.ok<{ platform: Path }>(
        'POST',
        `/v1/migrations/${org.orgId}/crm/${action}`,
        {},
      );
      switches.push({ to: row.platform, sentAt, answeredAt: Date.now() });
    };
    const ingesters = [0, 1, 2].map((worker) => ingest(worker));
    const atLeast = (count: number) =>
      waitFor(async () => (leads.length >= count ? true : undefined), `${count} leads`);

    await atLeast(15);
    await move('switch');
    await atLeast(leads.length + 15);
    await move('rollback');
    await atLeast(leads.length + 15);
    await move('switch');
    await atLeast(leads.length + 15);
    ingesting = false;
    await Promise.all(ingesters);
    await settled(org, { total: leads.length });

    expect(switches.map((change) => change.to)).toEqual(['new', 'legacy', 'new']);
    const writes = writesByEmail(t);
    const expectedPath = (lead: (typeof leads)[number]): Path | undefined => {
      let path: Path = 'legacy';
      for (const change of switches) {
        if (lead.answeredAt < change.sentAt) return path;
        if (lead.sentAt < change.answeredAt) return undefined; // in flight across the switch
        path = change.to;
      }

      return path;
    };
    const byPath = { legacy: 0, new: 0, across: 0 };
    for (const lead of leads) {
      const written = writes.get(lead.email) ?? [];
      expect({ email: lead.email, writes: written.length }).toEqual({
        email: lead.email,
        writes: 1,
      });
      expect(written[0].op).toBe('create');
      const records = await recordsOf(org, lead.id);
      // One record, on the path that wrote the lead: nothing for the other one to send.
      expect(records).toEqual([{ path: written[0].path, state: 'cleared' }]);
      const expected = expectedPath(lead);
      if (expected)
        expect({ email: lead.email, path: written[0].path }).toEqual({
          email: lead.email,
          path: expected,
        });
      byPath[expected ?? 'across'] += 1;
    }
    expect(byPath.legacy).toBeGreaterThan(0);
    expect(byPath.new).toBeGreaterThan(0);
    expect(t.sandbox.salesforce.records('Lead')).toHaveLength(leads.length);

    const audit = await org.api.ok<{ action: string; actor: string }[]>('GET', '/v1/audit-log');
    const moves = audit.filter((entry) => entry.action === 'platform.switched');
    expect(moves).toHaveLength(3);
    expect(moves.every((entry) => entry.actor.startsWith('staff_key:'))).toBe(true);
  });

  it('updates, not duplicates, a lead legacy synced, and lets a lead still waiting on legacy finish there', async () => {
    const org = await setUpLegacyOrg(t, 'Carry-over org');
    const capture = (body: Record<string, unknown>) =>
      org.api.ok<LeadDto>('POST', '/v1/leads', {
        eventId: org.eventId,
        company: { name: 'Carry Co' },
        isEnriched: true,
        phone: LEGACY_FAX,
        ...body,
      });
    // No email: only the remote id legacy stored can find it again.
    const anonymous = await capture({ externalId: 'carry-1', lastName: 'Nomail' });
    const moving = await capture({
      externalId: 'carry-2',
      lastName: 'Mover',
      email: 'old@carry.example',
    });
    await settled(org, { legacy: 2 });
    const legacyIds = new Map(
      t.sandbox.salesforce.records('Lead').map((record) => [record.LastName, record.Id]),
    );
    expect(legacyIds.size).toBe(2);

    // A lead still waiting on legacy when the switch comes: the Salesforce password changed,
    // so the legacy connection needs new credentials and holds it queued.
    t.sandbox.salesforce.setUserPassword('A-New-Passw0rd');
    t.sandbox.salesforce.expireAccessTokens();
    const held = await capture({
      externalId: 'carry-3',
      lastName: 'Held',
      email: 'held@carry.example',
    });
    await waitFor(async () => {
      const legacy = await org.api.ok<{ status: string }>('GET', `/v1/connections/${org.legacy}`);

      return legacy.status === 'needs_reauth' ? true : undefined;
    }, 'the legacy connection to need new credentials');
    expect(await recordsOf(org, held.id)).toEqual([{ path: 'legacy', state: 'queued' }]);

    await t.staff.ok('POST', `/v1/migrations/${org.orgId}/crm/switch`, {});
    await capture({ externalId: 'carry-1', lastName: 'Nomail', jobTitle: 'CTO' });
    await capture({ externalId: 'carry-2', lastName: 'Mover', email: 'new@carry.example' });
    await capture({
      externalId: 'carry-3',
      lastName: 'Held',
      jobTitle: 'Buyer',
      email: 'held@carry.example',
    });
    // The held lead waits on legacy; the new connection writes the two edits.
    await waitFor(async () => {
      const fresh = await summaryOf(org, org.fresh);

      return fresh.cleared === 2 && fresh.preSync.total === 0 ? true : undefined;
    }, 'the edits to clear on the new platform');

    const remote = t.sandbox.salesforce.records('Lead');
    expect(remote).toHaveLength(2);
    const nomail = remote.find((record) => record.LastName === 'Nomail');
    const mover = remote.find((record) => record.LastName === 'Mover');
    expect(nomail).toMatchObject({ Id: legacyIds.get('Nomail'), Title: 'CTO', Fax: 'new' });
    expect(mover).toMatchObject({
      Id: legacyIds.get('Mover'),
      Email: 'new@carry.example',
      Fax: 'new',
    });
    for (const lead of [anonymous, moving]) {
      const view = await org.api.ok<LeadDto>('GET', `/v1/leads/${lead.id}`);
      // History untouched: legacy's record stays Cleared; the new one carries its remote id.
      expect(view.sync.map((record) => record.state)).toEqual(['cleared', 'cleared']);
      const ids = new Set(view.remoteIds.map((remoteId) => remoteId.remoteId));
      expect(ids.size).toBe(1);
      expect(view.remoteIds.map((remoteId) => remoteId.connectionId).sort()).toEqual(
        [org.legacy, org.fresh].sort(),
      );
    }

    // The held lead's edit stayed with its legacy record; once legacy has the new password,
    // legacy writes it, once.
    expect(await recordsOf(org, held.id)).toEqual([{ path: 'legacy', state: 'queued' }]);
    expect(writesByEmail(t).get('held@carry.example')).toBeUndefined();
    await org.api.ok('POST', `/v1/connections/${org.legacy}/reauthorize`, {
      credentials: t.sandbox.salesforce.userCredentials(),
    });
    await waitFor(
      async () => ((await recordsOf(org, held.id))[0]?.state === 'cleared' ? true : undefined),
      'the held lead to clear on legacy',
    );
    const heldWrites = writesByEmail(t).get('held@carry.example');
    expect(heldWrites).toEqual([expect.objectContaining({ op: 'create', path: 'legacy' })]);
    expect(t.sandbox.salesforce.records('Lead').find((r) => r.LastName === 'Held')).toMatchObject({
      Title: 'Buyer',
    });
  });

  it('moves categories in order, schedules a switch, and audits staff actions', async () => {
    const org = await setUpLegacyOrg(t, 'Scheduled org');
    const early = await t.staff.request(
      'POST',
      `/v1/migrations/${org.orgId}/communication/switch`,
      {},
    );
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ blockedBy: 'crm' });

    const past = await t.staff.request('POST', `/v1/migrations/${org.orgId}/crm/switch`, {
      at: '2020-01-01T00:00:00Z',
    });
    expect(past.status).toBe(422);
    expect(JSON.stringify(past.body)).toContain('"field":"at"');
    const bad = await t.staff.request('POST', `/v1/migrations/${org.orgId}/sales/switch`, {});
    expect(bad.status).toBe(422);

    const at = new Date(Date.now() + 1500).toISOString();
    const scheduled = await t.staff.ok<{ platform: string; scheduled: { at: string } }>(
      'POST',
      `/v1/migrations/${org.orgId}/crm/switch`,
      { at },
    );
    expect(scheduled).toMatchObject({ platform: 'legacy', scheduled: { platform: 'new', at } });
    // Marketing automation may follow CRM once CRM's switch comes first.
    const later = new Date(Date.now() + 3_600_000).toISOString();
    await t.staff.ok('POST', `/v1/migrations/${org.orgId}/marketing_automation/switch`, {
      at: later,
    });
    await t.staff.ok('DELETE', `/v1/migrations/${org.orgId}/marketing_automation/schedule`);

    const filtered = await t.staff.ok<{ orgs: { orgId: string }[] }>(
      'GET',
      '/v1/migrations?platform=legacy&category=crm&scheduled=true',
    );
    expect(filtered.orgs.map((entry) => entry.orgId)).toContain(org.orgId);

    await waitFor(async () => {
      const view = await org.api.ok<{ categories: { category: string; platform: string }[] }>(
        'GET',
        '/v1/platforms',
      );

      return view.categories[0].platform === 'new' ? true : undefined;
    }, 'the scheduled switch');
    const lead = await org.api.ok<LeadDto>('POST', '/v1/leads', {
      eventId: org.eventId,
      email: 'after@schedule.example',
      lastName: 'After',
      company: { name: 'Sched' },
      isEnriched: true,
      phone: LEGACY_FAX,
    });
    expect((await recordsOf(org, lead.id)).map((record) => record.path)).toEqual(['new']);

    // CRM cannot go back while a later category is on the new platform.
    await t.staff.ok('POST', `/v1/migrations/${org.orgId}/marketing_automation/switch`, {});
    const back = await t.staff.request('POST', `/v1/migrations/${org.orgId}/crm/rollback`, {});
    expect(back.status).toBe(409);
    expect(back.body).toMatchObject({ blockedBy: 'marketing_automation' });

    const audit = await org.api.ok<{ action: string; actor: string; detail: unknown }[]>(
      'GET',
      '/v1/audit-log',
    );
    const actions = audit.map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'platform.switch_scheduled',
        'platform.schedule_cancelled',
        'platform.switched',
      ]),
    );
    const applied = audit.find(
      (entry) => entry.action === 'platform.switched' && entry.actor === 'system',
    );
    expect(applied?.detail).toMatchObject({
      category: 'crm',
      to: 'new',
      scheduledBy: expect.stringMatching(/^staff_key:/),
    });
  });

  it('reports a scheduled switch that can no longer apply, and leaves the category where it was', async () => {
    const org = await setUpLegacyOrg(t, 'Unlucky schedule');
    const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
    await t.staff.ok('POST', `/v1/migrations/${org.orgId}/crm/switch`, { at: soon(3_000) });
    await t.staff.ok('POST', `/v1/migrations/${org.orgId}/marketing_automation/switch`, {
      at: soon(3_500),
    });
    // CRM's switch is cancelled: marketing automation would now move before it.
    await t.staff.ok('DELETE', `/v1/migrations/${org.orgId}/crm/schedule`);

    const view = await waitFor(async () => {
      const current = await org.api.ok<{
        categories: {
          category: string;
          platform: string;
          scheduled: unknown;
          scheduleProblem: string | null;
        }[];
      }>('GET', '/v1/platforms');
      const marketing = current.categories.find((c) => c.category === 'marketing_automation');

      return marketing?.scheduleProblem ? current : undefined;
    }, 'the scheduled switch to be tried');
    expect(view.categories.map((category) => category.platform)).toEqual([
      'legacy',
      'legacy',
      'legacy',
    ]);
    const marketing = view.categories[1];
    expect(marketing.scheduled).toBeNull();
    expect(marketing.scheduleProblem).toContain('CRM moves to the new platform before');
    const audit = await org.api.ok<{ action: string; actor: string }[]>('GET', '/v1/audit-log');
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'platform.switch_failed', actor: 'system' }),
      ]),
    );
  });

  it('shows admins their platforms, checklist and next steps; staff see every org', async () => {
    const org = await setUpLegacyOrg(t, 'Checklist org');
    const view = await org.api.ok<{
      categories: {
        category: string;
        platform: string;
        legacyConnections: { connectionId: string }[];
        connections: {
          connectionId: string;
          items: { item: string; status: string }[];
          complete: boolean;
        }[];
      }[];
      nextSteps: string[];
      sunset: unknown;
    }>('GET', '/v1/platforms');
    const crm = view.categories.find((category) => category.category === 'crm');
    expect(crm).toMatchObject({
      platform: 'legacy',
      legacyConnections: [{ connectionId: org.legacy }],
    });
    expect(crm?.connections[0].connectionId).toBe(org.fresh);
    const status = (item: string) =>
      crm?.connections[0].items.find((candidate) => candidate.item === item)?.status;
    expect(status('connected')).toBe('done');
    expect(status('mapping')).toBe('done');
    expect(status('campaigns')).toBe('todo');
    expect(status('sync_mode')).toBe('todo');
    expect(status('test_lead')).toBe('todo');
    expect(view.nextSteps.join('\n')).toContain('Choose the sync mode');
    expect(view.sunset).toBeNull();

    // The admin completes the checklist before the switch: the qualifier gets its field, and a
    // test event's lead goes to the new connection (only there) although CRM is still on legacy.
    const qualifier = await org.api.ok<{ id: string }>('POST', '/v1/qualifiers', {
      name: 'Generators',
      question: 'Which generators?',
      values: ['Diesel', 'Solar'],
    });
    const pending = await org.api.ok<{
      categories: {
        connections: { items: { item: string; status: string; detail: string }[] }[];
      }[];
    }>('GET', '/v1/platforms');
    expect(pending.categories[0].connections[0].items[2]).toEqual({
      item: 'qualifiers',
      status: 'todo',
      detail: 'Map the qualifiers Generators to Lead fields',
    });
    await org.api.ok(
      'PUT',
      `/v1/connections/${org.fresh}/qualifier-mappings/Lead/${qualifier.id}`,
      { target: 'CurrentGenerators__c', mode: 'text' },
    );
    await org.api.ok('PUT', `/v1/connections/${org.fresh}/sync-mode`, { mode: 'automatic' });
    const campaignId = t.sandbox.salesforce.createCampaign('Expo 2026');
    await org.api.ok('POST', '/v1/campaign-links', {
      eventId: org.eventId,
      connectionId: org.fresh,
      campaignId,
    });
    const rehearsal = await org.api.ok<{ id: string }>('POST', '/v1/events', {
      name: 'Rehearsal',
      isTest: true,
    });
    const test = await org.api.ok<LeadDto>('POST', '/v1/leads', {
      eventId: rehearsal.id,
      email: 'test@checklist.example',
      lastName: 'Test',
      company: { name: 'Checklist' },
      isEnriched: true,
      phone: LEGACY_FAX,
    });
    await waitFor(
      async () => ((await recordsOf(org, test.id))[0]?.state === 'cleared' ? true : undefined),
      'the test lead to clear',
    );
    expect(await recordsOf(org, test.id)).toEqual([{ path: 'new', state: 'cleared' }]);
    const ready = await org.api.ok<{
      categories: { category: string; ready: boolean; connections: { complete: boolean }[] }[];
      nextSteps: string[];
    }>('GET', '/v1/platforms');
    expect(ready.categories[0]).toMatchObject({ ready: true, connections: [{ complete: true }] });
    expect(ready.nextSteps).toEqual(['CRM: ready; ask Mobly to switch it to the new platform']);

    // Only Mobly staff move orgs or list them.
    expect(
      (await org.api.request('POST', `/v1/migrations/${org.orgId}/crm/switch`, {})).status,
    ).toBe(403);
    expect((await org.api.request('GET', '/v1/migrations')).status).toBe(403);
    const one = await t.staff.ok<{ orgId: string; categories: unknown[] }>(
      'GET',
      `/v1/migrations/${org.orgId}`,
    );
    expect(one).toMatchObject({ orgId: org.orgId });
    expect(one.categories).toHaveLength(3);
  });

  it('starts orgs created without a platform on the new one, as before', async () => {
    const created = await t.staff.ok<{ id: string; apiKey: string; platform: string }>(
      'POST',
      '/v1/orgs',
      { name: 'New customer' },
    );
    expect(created.platform).toBe('new');
    const view = await t.staff
      .withKey(created.apiKey)
      .ok<{ categories: { platform: string }[] }>('GET', '/v1/platforms');
    expect(view.categories.map((category) => category.platform)).toEqual(['new', 'new', 'new']);
    const bad = await t.staff.request('POST', '/v1/orgs', { name: 'X', platform: 'old' });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('platform');
  });
});

describe('The legacy sunset', () => {
  let t: TestPlatform;

  beforeAll(async () => {
    t = await startTestPlatform({
      env: { LEGACY_SUNSET_AT: '2020-01-01', MIGRATION_TICK_MS: '1000' },
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  it("holds a legacy org's new leads as Paused after the sunset, and syncs them once it switches", async () => {
    const org = await setUpLegacyOrg(t, 'Late org');
    const emails = ['p1@sunset.example', 'p2@sunset.example', 'p3@sunset.example'];
    for (const email of emails) {
      await org.api.ok('POST', '/v1/leads', {
        eventId: org.eventId,
        email,
        lastName: email.slice(0, 2),
        company: { name: 'Sunset' },
        isEnriched: true,
        phone: LEGACY_FAX,
      });
    }
    const legacy = await summaryOf(org, org.legacy);
    expect(legacy.preSync).toMatchObject({ total: 3, paused: 3 });
    const view = await org.api.ok<{ sunset: { passed: boolean; message: string } }>(
      'GET',
      '/v1/platforms',
    );
    expect(view.sunset).toMatchObject({ passed: true });
    expect(view.sunset.message).toContain('Paused');
    await sleep(1500);
    expect(t.sandbox.salesforce.records('Lead')).toHaveLength(0);

    await t.staff.ok('POST', `/v1/migrations/${org.orgId}/crm/switch`, {});
    await waitFor(
      async () => ((await summaryOf(org, org.fresh)).cleared === 3 ? true : undefined),
      'the paused leads to clear on the new platform',
    );
    expect((await summaryOf(org, org.legacy)).total).toBe(0);
    const remote = t.sandbox.salesforce.records('Lead');
    expect(remote.map((record) => record.Email).sort()).toEqual(emails);
    expect(remote.every((record) => record.Fax === 'new')).toBe(true);

    const back = await t.staff.request('POST', `/v1/migrations/${org.orgId}/crm/rollback`, {});
    expect(back.status).toBe(409);
  });
});
