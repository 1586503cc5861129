import { setUpSalesforceOrg, summary, waitFor, type SalesforceOrg } from '@app/demo';
import type { LeadDto } from '@libs/intake';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

function lead(eventId: string, email: string): Record<string, unknown> {
  return { eventId, lastName: email, email, company: { name: 'Acme' }, isEnriched: true };
}

describe('Sync modes', () => {
  let t: TestPlatform;
  let org: SalesforceOrg;

  beforeAll(async () => {
    t = await startTestPlatform();
    org = await setUpSalesforceOrg(t.staff, t.sandbox.url);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('holds leads as Frozen in manual mode, pushes a selection, and flushes on automatic', async () => {
    const path = `/v1/connections/${org.connectionId}`;
    await org.api.ok('PUT', `${path}/sync-mode`, { mode: 'manual' });
    const leads: LeadDto[] = [];
    for (const email of ['m1@example.com', 'm2@example.com', 'm3@example.com']) {
      leads.push(await org.api.ok<LeadDto>('POST', '/v1/leads', lead(org.eventId, email)));
    }

    expect(await summary(org)).toMatchObject({ cleared: 0, preSync: { total: 3, frozen: 3 } });
    expect(t.sandbox.salesforce.records('Lead')).toHaveLength(0);

    const pushed = await org.api.ok<{ total: number }>('POST', `${path}/push`, {
      leadIds: [leads[0].id],
    });
    expect(pushed.total).toBe(1);
    await waitFor(async () => ((await summary(org)).cleared === 1 ? true : undefined), 'push');
    expect(t.sandbox.salesforce.records('Lead').map((record) => record.Email)).toEqual([
      'm1@example.com',
    ]);

    await org.api.ok('PUT', `${path}/sync-mode`, { mode: 'disabled' });
    await org.api.ok('POST', '/v1/leads', lead(org.eventId, 'd1@example.com'));
    expect(await summary(org)).toMatchObject({
      cleared: 1,
      preSync: { total: 3, frozen: 0, paused: 3 },
    });

    const flushed = await org.api.ok<{ moved: number }>('PUT', `${path}/sync-mode`, {
      mode: 'automatic',
    });
    expect(flushed.moved).toBe(3);
    const done = await waitFor(async () => {
      const current = await summary(org);

      return current.preSync.total === 0 ? current : undefined;
    }, 'the flush');
    expect(done).toMatchObject({ cleared: 4, failed: 0 });
    expect(t.sandbox.salesforce.records('Lead')).toHaveLength(4);
  });

  it('refuses an unknown mode and a push that names nothing', async () => {
    const path = `/v1/connections/${org.connectionId}`;
    const mode = await org.api.request<{ errors: { field: string }[] }>(
      'PUT',
      `${path}/sync-mode`,
      {
        mode: 'sometimes',
      },
    );
    const push = await org.api.request<{ errors: { field: string }[] }>('POST', `${path}/push`, {});

    expect(mode.status).toBe(422);
    expect(mode.body.errors[0].field).toBe('mode');
    expect(push.status).toBe(422);
    expect(push.body.errors[0].field).toBe('leadIds');
  });
});
