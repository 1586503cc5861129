import { type ApiClient, type SalesforceOrg } from '@app/demo';
import { setUpConnectedOrg, settled } from '../support/connected-org';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

interface Problem {
  title: string;
  errors?: { field: string; message: string }[];
}

interface ConnectionView {
  id: string;
  status: string;
  settings: Record<string, string>;
}

const setUp = (
  staff: ApiClient,
  name: string,
  settings: Record<string, string>,
): Promise<SalesforceOrg> => setUpConnectedOrg(staff, { name, settings, objects: ['Lead'] });

function lead(eventId: string, email: string, company: string): Record<string, unknown> {
  return {
    eventId,
    firstName: 'Test',
    lastName: email.split('@')[0],
    email,
    company: { name: company },
    isEnriched: true,
  };
}

describe('Changing a connection’s settings', () => {
  let t: TestPlatform;
  let org: SalesforceOrg;

  beforeAll(async () => {
    t = await startTestPlatform();
    org = await setUp(t.staff, 'Settings', {
      loginUrl: t.sandbox.url,
      matchingStrategy: 'leads_only',
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  const path = () => `/v1/connections/${org.connectionId}`;

  it('switches the Salesforce matching strategy for the leads synced next', async () => {
    const sf = t.sandbox.salesforce;
    await org.api.ok('POST', '/v1/leads', lead(org.eventId, 'first@switch.example', 'Initech'));
    await settled(org, 1);
    expect(sf.records('Lead').map((row) => row.Email)).toContain('first@switch.example');
    expect(sf.records('Contact').map((row) => row.Email)).not.toContain('first@switch.example');

    const changed = await org.api.request<ConnectionView>('PATCH', path(), {
      settings: { matchingStrategy: 'accounts_and_contacts' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      status: 'connected',
      settings: { loginUrl: t.sandbox.url, matchingStrategy: 'accounts_and_contacts' },
    });
    expect(changed.headers.get('etag')).toMatch(/^"[0-9a-f]+"$/);

    await org.api.ok('POST', '/v1/leads', lead(org.eventId, 'second@switch.example', 'Globex'));
    await settled(org, 2);
    const contact = sf.records('Contact').find((row) => row.Email === 'second@switch.example');
    expect(contact).toBeDefined();
    const account = sf.records('Account').find((row) => row.Id === contact?.AccountId);
    expect(account?.Name).toBe('Globex');
    expect(sf.records('Lead').map((row) => row.Email)).not.toContain('second@switch.example');

    const audit = await org.api.ok<
      { action: string; targetId: string; detail: Record<string, unknown> }[]
    >('GET', '/v1/audit-log');
    expect(audit.find((entry) => entry.action === 'connection.settings_changed')).toMatchObject({
      targetId: org.connectionId,
      detail: {
        integration: 'salesforce',
        changed: 'matchingStrategy',
        'settings.matchingStrategy': 'accounts_and_contacts',
      },
    });
  });

  it('refuses settings a new connection would refuse, naming each, and changes nothing', async () => {
    const before = await org.api.ok<ConnectionView>('GET', path());
    const cases: Array<[unknown, string[]]> = [
      [{ settings: { matchingStrategy: 'contacts_first' } }, ['settings.matchingStrategy']],
      [{ settings: { loginUrl: 'file:///etc/passwd' } }, ['settings.loginUrl']],
      [{ settings: { loginUrl: 42 } }, ['settings.loginUrl']],
      [{ settings: { matchingStratgy: 'leads_only' } }, ['settings.matchingStratgy']],
      [{}, ['settings']],
    ];
    for (const [body, fields] of cases) {
      const refused = await org.api.request<Problem>('PATCH', path(), body);
      expect(`${JSON.stringify(body)} → ${refused.status}`).toBe(`${JSON.stringify(body)} → 422`);
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body.errors?.map((error) => error.field)).toEqual(fields);
    }
    expect(await org.api.ok<ConnectionView>('GET', path())).toEqual(before);
  });

  it('removes a setting given as null, back to the connector’s default', async () => {
    const removed = await org.api.ok<ConnectionView>('PATCH', path(), {
      settings: { matchingStrategy: null },
    });
    expect(removed.settings).toEqual({ loginUrl: t.sandbox.url });

    await org.api.ok('PATCH', path(), { settings: { matchingStrategy: 'accounts_and_contacts' } });
  });

  it('refuses a change based on settings that changed since they were read (If-Match)', async () => {
    const read = await org.api.request<ConnectionView>('GET', path());
    const etag = read.headers.get('etag') as string;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);

    const first = await org.api.request<ConnectionView>(
      'PATCH',
      path(),
      { settings: { matchingStrategy: 'leads_and_contacts' } },
      { 'if-match': etag },
    );
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).not.toBe(etag);

    const stale = await org.api.request<Problem>(
      'PATCH',
      path(),
      { settings: { matchingStrategy: 'leads_only' } },
      { 'if-match': etag },
    );
    expect(stale.status).toBe(409);
    expect(stale.contentType).toContain('application/problem+json');
    const current = await org.api.ok<ConnectionView>('GET', path());
    expect(current.settings.matchingStrategy).toBe('leads_and_contacts');
  });
});
