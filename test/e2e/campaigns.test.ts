import { setUpOrg, summary, waitFor, type SalesforceOrg, type Summary } from '@app/demo';
import type { Sandbox } from '@app/sandbox';
import type { CampaignLinkDto } from '@libs/campaigns';
import type { LeadDto } from '@libs/intake';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

interface FailedPage {
  items: {
    leadId: string;
    email: string | null;
    category: string;
    vendorCode: string | null;
    vendorMessage: string | null;
  }[];
}

async function settled(org: SalesforceOrg, total: number): Promise<Summary> {
  return waitFor(async () => {
    const current = await summary(org);

    return current.total === total && current.preSync.total === 0 ? current : undefined;
  }, `${total} leads to settle`);
}

async function postLead(
  org: SalesforceOrg,
  email: string,
  extra: Record<string, unknown> = {},
): Promise<LeadDto> {
  return org.api.ok<LeadDto>('POST', '/v1/leads', {
    eventId: org.eventId,
    firstName: 'Test',
    lastName: email.split('@')[0],
    email,
    company: { name: 'Acme' },
    isEnriched: true,
    ...extra,
  });
}

async function link(org: SalesforceOrg, body: Record<string, unknown>): Promise<CampaignLinkDto> {
  return org.api.ok<CampaignLinkDto>('POST', '/v1/campaign-links', {
    eventId: org.eventId,
    connectionId: org.connectionId,
    ...body,
  });
}

/** The org's `Interest` qualifier, which links choose statuses by. */
async function interest(org: SalesforceOrg): Promise<{ id: string }> {
  return org.api.ok<{ id: string }>('POST', '/v1/qualifiers', {
    name: 'Interest',
    question: 'How interested?',
    values: ['Hot', 'Warm', 'Cold'],
  });
}

/**
 * A Salesforce campaign (statuses Sent, Responded) linked to the event, with `Hot` answers of
 * the org's new `Interest` qualifier joining as Responded.
 */
async function linkByInterest(
  sandbox: Sandbox,
  org: SalesforceOrg,
  name: string,
): Promise<{ campaignId: string; qualifier: { id: string }; created: CampaignLinkDto }> {
  const campaignId = sandbox.salesforce.createCampaign(name, {
    statuses: ['Sent', 'Responded'],
  });
  const qualifier = await interest(org);
  const created = await link(org, {
    campaignId,
    statusByAnswer: { qualifier: 'Interest', values: { Hot: 'Responded' } },
  });

  return { campaignId, qualifier, created };
}

async function remoteIdOf(org: SalesforceOrg, leadId: string): Promise<string> {
  const lead = await org.api.ok<LeadDto>('GET', `/v1/leads/${leadId}`);

  return lead.remoteIds[0]?.remoteId as string;
}

async function failed(org: SalesforceOrg): Promise<FailedPage> {
  return org.api.ok<FailedPage>('GET', `/v1/connections/${org.connectionId}/reconciliation/failed`);
}

describe('Campaign links', () => {
  let t: TestPlatform;

  beforeAll(async () => {
    // The sweeper picks up leads queued again when a link is made.
    t = await startTestPlatform({ env: { SYNC_SWEEP_INTERVAL_MS: '1000' } });
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('Salesforce Campaigns', () => {
    let org: SalesforceOrg;

    beforeEach(async () => {
      t.sandbox.salesforce.reset();
      org = await setUpOrg(t.staff, t.sandbox.url, 'salesforce');
    });

    const memberCalls = () =>
      t.sandbox.salesforce
        .journal()
        .filter(
          (entry) =>
            entry.method === 'POST' &&
            JSON.stringify(entry.body ?? '').includes('"type":"CampaignMember"'),
        );
    /** CampaignMember rows sent, over every call. */
    const memberRowsSent = () =>
      memberCalls().reduce(
        (count, entry) => count + JSON.stringify(entry.body).split('"CampaignMember"').length - 1,
        0,
      );

    it('adds each lead with the member status once, and not again on re-sync', async () => {
      const campaignId = t.sandbox.salesforce.createCampaign('Expo 2026', {
        statuses: ['Sent', 'Attended'],
      });
      const created = await link(org, { campaignId, status: 'attended' });
      expect(created).toMatchObject({
        campaignId,
        campaignName: 'Expo 2026',
        status: 'Attended',
        enabled: true,
        integration: 'salesforce',
      });

      const ann = await postLead(org, 'ann@example.com');
      const bob = await postLead(org, 'bob@example.com');
      expect(await settled(org, 2)).toMatchObject({ cleared: 2, failed: 0 });

      const members = t.sandbox.salesforce.records('CampaignMember');
      expect(members.map((member) => [member.LeadId, member.Status]).sort()).toEqual(
        [
          [await remoteIdOf(org, ann.id), 'Attended'],
          [await remoteIdOf(org, bob.id), 'Attended'],
        ].sort(),
      );
      expect(members.every((member) => member.CampaignId === campaignId)).toBe(true);
      expect(memberRowsSent()).toBe(2);

      // An edit re-syncs the person; the membership is already written.
      t.sandbox.salesforce.clearJournal();
      await postLead(org, 'ann@example.com', { jobTitle: 'CTO' });
      await waitFor(
        async () =>
          (t.sandbox.salesforce.records('Lead').some((lead) => lead.Title === 'CTO') &&
            (await summary(org)).preSync.total === 0) ||
          undefined,
        'the edit to sync',
      );
      expect(memberCalls()).toHaveLength(0);
      expect(t.sandbox.salesforce.records('CampaignMember')).toHaveLength(2);
    });

    it('counts someone already a member as added', async () => {
      const campaignId = t.sandbox.salesforce.createCampaign('Roadshow');
      const leadId = t.sandbox.salesforce.seedRecord('Lead', {
        LastName: 'Known',
        Company: 'Acme',
        Email: 'known@example.com',
      });
      t.sandbox.salesforce.seedRecord('CampaignMember', {
        CampaignId: campaignId,
        LeadId: leadId,
        Status: 'Responded',
      });
      await link(org, { campaignId, status: 'Responded' });

      await postLead(org, 'known@example.com');
      expect(await settled(org, 1)).toMatchObject({ cleared: 1, failed: 0 });
      expect(memberCalls()).toHaveLength(1);
      expect(t.sandbox.salesforce.records('CampaignMember')).toHaveLength(1);
    });

    it('adds the leads already Cleared once a link is made or switched on', async () => {
      const campaignId = t.sandbox.salesforce.createCampaign('After the show');
      const early = await postLead(org, 'early@example.com');
      expect(await settled(org, 1)).toMatchObject({ cleared: 1 });
      t.sandbox.salesforce.clearJournal();

      const created = await link(org, { campaignId, enabled: false });
      await org.api.ok('PATCH', `/v1/campaign-links/${created.id}`, { enabled: true });
      const members = await waitFor(async () => {
        const rows = t.sandbox.salesforce.records('CampaignMember');

        return rows.length > 0 ? rows : undefined;
      }, 'the Cleared lead to join');
      expect(members).toEqual([
        expect.objectContaining({ LeadId: await remoteIdOf(org, early.id), Status: 'Sent' }),
      ]);
      expect(await settled(org, 1)).toMatchObject({ cleared: 1 });
      // The person itself was not written again.
      expect(
        t.sandbox.salesforce
          .journal()
          .filter((entry) => JSON.stringify(entry.body ?? '').includes('"type":"Lead"')),
      ).toEqual([]);
    });

    it('makes no membership call for a link switched off', async () => {
      const campaignId = t.sandbox.salesforce.createCampaign('Expo 2026');
      const created = await link(org, { campaignId });
      const off = await org.api.ok<CampaignLinkDto>('PATCH', `/v1/campaign-links/${created.id}`, {
        enabled: false,
      });
      expect(off.enabled).toBe(false);

      await postLead(org, 'off@example.com');
      expect(await settled(org, 1)).toMatchObject({ cleared: 1, failed: 0 });
      expect(memberCalls()).toHaveLength(0);
      expect(t.sandbox.salesforce.records('CampaignMember')).toHaveLength(0);
    });

    it('fails the lead with CAMPAIGN_LINK_INVALID, without a member call, once the campaign is archived', async () => {
      const campaignId = t.sandbox.salesforce.createCampaign('Old expo');
      await link(org, { campaignId });
      const archived = await fetch(
        `${t.sandbox.url}/__sandbox/salesforce/campaigns/${campaignId}/archive`,
        { method: 'POST' },
      );
      expect(archived.status).toBe(204);

      const lead = await postLead(org, 'late@example.com');
      expect(await settled(org, 1)).toMatchObject({ cleared: 0, failed: 1 });
      expect((await failed(org)).items).toEqual([
        expect.objectContaining({
          leadId: lead.id,
          category: 'CAMPAIGN_LINK_INVALID',
          vendorCode: 'CAMPAIGN_INACTIVE',
        }),
      ]);
      expect(memberCalls()).toHaveLength(0);
      // The person was written all the same, and is kept.
      expect(await remoteIdOf(org, lead.id)).toMatch(/^00Q/);
    });

    it('fails the lead with CAMPAIGN_LINK_INVALID when its status is no longer known', async () => {
      const campaignId = t.sandbox.salesforce.createCampaign('Expo', {
        statuses: ['Sent', 'Visited booth'],
      });
      await link(org, { campaignId, status: 'Visited booth' });
      const visited = t.sandbox.salesforce
        .records('CampaignMemberStatus')
        .find((status) => status.Label === 'Visited booth');
      t.sandbox.salesforce.deleteRecord('CampaignMemberStatus', String(visited?.Id));

      await postLead(org, 'gone@example.com');
      expect(await settled(org, 1)).toMatchObject({ failed: 1 });
      const [item] = (await failed(org)).items;
      expect(item).toMatchObject({
        category: 'CAMPAIGN_LINK_INVALID',
        vendorCode: 'UNKNOWN_STATUS',
      });
      expect(item.vendorMessage).toContain('Visited booth');
      expect(memberCalls()).toHaveLength(0);
    });

    it('refuses to delete a qualifier a link chooses statuses by, naming the link', async () => {
      const { campaignId, qualifier, created } = await linkByInterest(
        t.sandbox,
        org,
        'Interest expo',
      );

      const refused = await org.api.request<{
        detail: string;
        campaignLinks: Record<string, unknown>[];
      }>('DELETE', `/v1/qualifiers/${qualifier.id}`);
      expect(refused.status).toBe(409);
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body.detail).toContain(created.id);
      expect(refused.body.campaignLinks).toEqual([
        { id: created.id, eventId: org.eventId, connectionId: org.connectionId, campaignId },
      ]);
      expect((await org.api.request('GET', `/v1/qualifiers/${qualifier.id}`)).status).toBe(200);
      expect(
        await org.api.ok<CampaignLinkDto>('GET', `/v1/campaign-links/${created.id}`),
      ).toMatchObject({ statusByAnswer: { qualifier: 'Interest' } });

      await org.api.ok('PATCH', `/v1/campaign-links/${created.id}`, { statusByAnswer: null });
      expect((await org.api.request('DELETE', `/v1/qualifiers/${qualifier.id}`)).status).toBe(204);
    });

    it('refuses statuses chosen by a qualifier the org lacks, or by answers it cannot take', async () => {
      const campaignId = t.sandbox.salesforce.createCampaign('Qualified expo', {
        statuses: ['Sent', 'Responded'],
      });
      const send = (statusByAnswer: Record<string, unknown>) =>
        org.api.request<{ errors: { field: string; message: string }[] }>(
          'POST',
          '/v1/campaign-links',
          { eventId: org.eventId, connectionId: org.connectionId, campaignId, statusByAnswer },
        );

      const none = await send({ qualifier: 'Interest', values: { Hot: 'Responded' } });
      await interest(org);
      const misspelt = await send({ qualifier: 'interest', values: { Hot: 'Responded' } });
      const bogus = await send({
        qualifier: 'Interest',
        values: { Hot: 'Sent', Lukewarm: 'Sent' },
      });

      expect(none.status).toBe(422);
      expect(none.body.errors).toEqual([
        { field: 'statusByAnswer.qualifier', message: expect.stringContaining('none yet') },
      ]);
      expect(misspelt.status).toBe(422);
      expect(misspelt.body.errors).toEqual([
        { field: 'statusByAnswer.qualifier', message: expect.stringContaining('Interest') },
      ]);
      expect(bogus.status).toBe(422);
      expect(bogus.body.errors).toEqual([
        {
          field: 'statusByAnswer.values.Lukewarm',
          message: 'is not a value of Interest (it has: Hot, Warm, Cold)',
        },
      ]);
      const created = await link(org, { campaignId, status: 'Sent' });
      const patched = await org.api.request<{ errors: { field: string }[] }>(
        'PATCH',
        `/v1/campaign-links/${created.id}`,
        { statusByAnswer: { qualifier: 'Nope', values: { Hot: 'Sent' } } },
      );
      expect(patched.status).toBe(422);
      expect(patched.body.errors).toEqual([
        expect.objectContaining({ field: 'statusByAnswer.qualifier' }),
      ]);
      expect(await org.api.ok('GET', `/v1/campaign-links?eventId=${org.eventId}`)).toEqual([
        expect.objectContaining({ id: created.id, statusByAnswer: null }),
      ]);
    });

    it('refuses to drop a qualifier value a link maps to a status, naming the link', async () => {
      const { campaignId, qualifier, created } = await linkByInterest(
        t.sandbox,
        org,
        'Values expo',
      );

      const refused = await org.api.request<{
        errors: { field: string; message: string }[];
        campaignLinks: Record<string, unknown>[];
      }>('PATCH', `/v1/qualifiers/${qualifier.id}`, { values: ['Warm', 'Cold'] });
      expect(refused.status).toBe(409);
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body.errors).toEqual([
        { field: 'values', message: '"Hot" mapped by campaign links' },
      ]);
      expect(refused.body.campaignLinks).toEqual([
        { id: created.id, eventId: org.eventId, connectionId: org.connectionId, campaignId },
      ]);
      expect(
        await org.api.ok<{ values: string[] }>('GET', `/v1/qualifiers/${qualifier.id}`),
      ).toMatchObject({ values: ['Hot', 'Warm', 'Cold'] });

      // Values no link maps can go.
      expect(
        await org.api.ok<{ values: string[] }>('PATCH', `/v1/qualifiers/${qualifier.id}`, {
          values: ['Hot', 'Cold'],
        }),
      ).toMatchObject({ values: ['Hot', 'Cold'] });
    });

    it('never leaves a link mapping a value dropped at the same moment', async () => {
      const { qualifier, created } = await linkByInterest(t.sandbox, org, 'Race expo');

      for (let round = 0; round < 10; round += 1) {
        await org.api.ok('PATCH', `/v1/qualifiers/${qualifier.id}`, {
          values: ['Hot', 'Warm', 'Cold'],
        });
        await org.api.ok('PATCH', `/v1/campaign-links/${created.id}`, {
          statusByAnswer: { qualifier: 'Interest', values: { Hot: 'Responded' } },
        });
        const [mapCold, dropCold] = await Promise.all([
          org.api.request('PATCH', `/v1/campaign-links/${created.id}`, {
            statusByAnswer: { qualifier: 'Interest', values: { Hot: 'Responded', Cold: 'Sent' } },
          }),
          org.api.request('PATCH', `/v1/qualifiers/${qualifier.id}`, { values: ['Hot', 'Warm'] }),
        ]);

        // One of the two wins; the other is refused, whichever came second.
        expect([mapCold.status, dropCold.status].filter((status) => status === 200)).toHaveLength(
          1,
        );
        const values = (
          await org.api.ok<{ values: string[] }>('GET', `/v1/qualifiers/${qualifier.id}`)
        ).values;
        const mapped = Object.keys(
          (await org.api.ok<CampaignLinkDto>('GET', `/v1/campaign-links/${created.id}`))
            .statusByAnswer?.values ?? {},
        );
        expect(mapped.filter((value) => !values.includes(value))).toEqual([]);
      }
    });

    it('refuses links to unknown campaigns and statuses, naming the field', async () => {
      const campaignId = t.sandbox.salesforce.createCampaign('Expo');
      const missing = await org.api.request<{ errors: { field: string }[] }>(
        'POST',
        '/v1/campaign-links',
        { eventId: org.eventId, connectionId: org.connectionId, campaignId: '701000000000099AAA' },
      );
      expect(missing.status).toBe(422);
      expect(missing.contentType).toContain('application/problem+json');
      expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'campaignId' })]);

      await interest(org);
      const unknown = await org.api.request<{ errors: { field: string; message: string }[] }>(
        'POST',
        '/v1/campaign-links',
        {
          eventId: org.eventId,
          connectionId: org.connectionId,
          campaignId,
          status: 'Registered',
          statusByAnswer: { qualifier: 'Interest', values: { Hot: 'Responded', Cold: 'Nope' } },
        },
      );
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors.map((error) => error.field)).toEqual([
        'status',
        'statusByAnswer.values.Cold',
      ]);
      expect(unknown.body.errors[0].message).toContain('Sent, Responded');

      const bad = await org.api.request<{ errors: { field: string }[] }>(
        'POST',
        '/v1/campaign-links',
        { eventId: org.eventId, connectionId: org.connectionId, campaignId, minScans: 0 },
      );
      expect(bad.status).toBe(422);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'minScans' })]);
      expect(await org.api.ok('GET', `/v1/campaign-links?eventId=${org.eventId}`)).toEqual([]);
    });

    it('refuses a changed status the campaign does not know, or switching on an archived one, keeping the link', async () => {
      const campaignId = t.sandbox.salesforce.createCampaign('Changed expo');
      const created = await link(org, { campaignId, enabled: false });

      const unknown = await org.api.request<{ errors: { field: string }[] }>(
        'PATCH',
        `/v1/campaign-links/${created.id}`,
        { status: 'Bogus' },
      );
      expect(unknown.status).toBe(422);
      expect(unknown.contentType).toContain('application/problem+json');
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'status' })]);

      t.sandbox.salesforce.archiveCampaign(campaignId);
      const archived = await org.api.request<{ errors: { field: string }[] }>(
        'PATCH',
        `/v1/campaign-links/${created.id}`,
        { enabled: true },
      );
      expect(archived.status).toBe(422);
      expect(archived.body.errors).toEqual([expect.objectContaining({ field: 'campaignId' })]);

      expect(
        await org.api.ok<CampaignLinkDto>('GET', `/v1/campaign-links/${created.id}`),
      ).toMatchObject({ status: created.status, enabled: false });
    });
  });

  describe('Marketo programs', () => {
    let org: SalesforceOrg;

    beforeEach(async () => {
      t.sandbox.marketo.reset();
      org = await setUpOrg(t.staff, t.sandbox.url, 'marketo');
    });

    it('sets the program status chosen by the answer, for leads scanned often enough', async () => {
      const qualifier = await interest(org);
      // Answers reach Marketo too: the qualifier needs a mapping on the connection.
      await org.api.ok(
        'PUT',
        `/v1/connections/${org.connectionId}/qualifier-mappings/leads/${qualifier.id}`,
        { target: 'mktoCompanyNotes', mode: 'text' },
      );
      await link(org, {
        campaignId: '1001',
        status: 'Attended',
        statusByAnswer: { qualifier: 'Interest', values: { Hot: 'visited booth' } },
        minScans: 2,
      });

      const hot = await postLead(org, 'hot@example.com', {
        answers: { Interest: ['Hot'] },
        scanCount: 2,
      });
      const plain = await postLead(org, 'plain@example.com', {
        answers: { Interest: ['Cold'] },
        scanCount: 3,
      });
      const once = await postLead(org, 'once@example.com', {
        answers: { Interest: ['Hot'] },
        scanCount: 1,
      });
      expect(await settled(org, 3)).toMatchObject({ cleared: 3, failed: 0 });

      const members = t.sandbox.marketo.programMembers(1001);
      expect(members.sort((a, b) => a.leadId - b.leadId)).toEqual(
        [
          { leadId: Number(await remoteIdOf(org, hot.id)), status: 'Visited Booth' },
          { leadId: Number(await remoteIdOf(org, plain.id)), status: 'Attended' },
        ].sort((a, b) => a.leadId - b.leadId),
      );
      expect(await remoteIdOf(org, once.id)).toMatch(/^\d+$/);

      // A second scan makes the third lead eligible.
      await postLead(org, 'once@example.com', { scanCount: 2, answers: { Interest: ['Hot'] } });
      await waitFor(
        async () => (t.sandbox.marketo.programMembers(1001).length === 3 ? true : undefined),
        'the third member',
      );
    });

    it('fails leads of an archived program with CAMPAIGN_LINK_INVALID', async () => {
      await link(org, { campaignId: '1002', status: 'Registered' });
      t.sandbox.marketo.archiveProgram(1002);

      await postLead(org, 'webinar@example.com');
      expect(await settled(org, 1)).toMatchObject({ failed: 1 });
      expect((await failed(org)).items).toEqual([
        expect.objectContaining({
          category: 'CAMPAIGN_LINK_INVALID',
          vendorCode: 'CAMPAIGN_NOT_FOUND',
        }),
      ]);
      expect(
        t.sandbox.marketo.journal().filter((entry) => entry.path.includes('/members/status.json')),
      ).toHaveLength(0);
    });
  });

  describe('HubSpot lists', () => {
    let org: SalesforceOrg;

    beforeEach(async () => {
      t.sandbox.hubspot.reset();
      org = await setUpOrg(t.staff, t.sandbox.url, 'hubspot');
    });

    it('adds contacts to the list; a deleted list fails them with CAMPAIGN_LINK_INVALID', async () => {
      const listId = t.sandbox.hubspot.createList('Expo 2026 visitors');
      const created = await link(org, { campaignId: listId });
      expect(created.campaignName).toBe('Expo 2026 visitors');
      const withStatus = await org.api.request('POST', '/v1/campaign-links', {
        eventId: org.eventId,
        connectionId: org.connectionId,
        campaignId: listId,
        status: 'Attended',
      });
      expect(withStatus.status).toBe(422);

      const first = await postLead(org, 'list@example.com');
      expect(await settled(org, 1)).toMatchObject({ cleared: 1 });
      const list = t.sandbox.hubspot.lists().find((candidate) => candidate.listId === listId);
      expect(list?.members).toEqual([await remoteIdOf(org, first.id)]);

      const deleted = await fetch(`${t.sandbox.url}/__sandbox/hubspot/lists/${listId}`, {
        method: 'DELETE',
      });
      expect(deleted.status).toBe(204);
      await postLead(org, 'late@example.com');
      expect(await settled(org, 2)).toMatchObject({ cleared: 1, failed: 1 });
      expect((await failed(org)).items).toEqual([
        expect.objectContaining({ category: 'CAMPAIGN_LINK_INVALID', email: 'late@example.com' }),
      ]);
    });
  });
});
