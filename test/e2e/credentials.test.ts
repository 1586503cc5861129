import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import {
  setUpDemoOrg,
  setUpSalesforceOrg,
  tally,
  waitFor,
  type DemoOrg,
  type Tally,
} from '@app/demo';
import { startSandbox, type Sandbox } from '@app/sandbox';
import { EntityManager } from '@mikro-orm/postgresql';
import { ConnectionsService } from '@libs/connections';
import { runInOrgScope } from '@libs/core';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { startTestPlatform } from '../support/test-platform';

const keyA = `a:${randomBytes(32).toString('base64')}`;
const keyB = `b:${randomBytes(32).toString('base64')}`;

async function rows(url: string, sql: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows.map((row) => JSON.stringify(row));
  } finally {
    await client.end();
  }
}

describe('Credentials at rest', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('seals credentials, rotates them to a new key, and keeps working on the new key alone', async () => {
    const first = await startTestPlatform({ database, env: { CREDENTIALS_KEYS: keyA } });
    let connectionId: string;
    let refreshToken: string;
    try {
      const org = await setUpSalesforceOrg(first.staff, first.sandbox.url);
      connectionId = org.connectionId;
      const stored = await first.platform.app.get(ConnectionsService).credentialsOf(connectionId);
      refreshToken = stored.refreshToken;
    } finally {
      await first.close();
    }

    expect(refreshToken).toBeTruthy();
    const everything = await rows(
      database.url,
      `SELECT row_to_json(t)::text AS row FROM (
         SELECT * FROM connections) t
       UNION ALL SELECT row_to_json(r)::text FROM (SELECT * FROM sync_records) r`,
    );
    expect(everything.join('\n')).not.toContain(refreshToken);
    const [sealed] = await rows(database.url, 'SELECT sealed_credentials FROM connections');
    expect(sealed).toContain('v1.a.');

    const rotating = await startTestPlatform({
      database,
      env: { CREDENTIALS_KEYS: `${keyB},${keyA}` },
    });
    try {
      expect(await rotating.platform.app.get(ConnectionsService).resealAll()).toBe(1);
    } finally {
      await rotating.close();
    }
    const [resealed] = await rows(database.url, 'SELECT sealed_credentials FROM connections');
    expect(resealed).toContain('v1.b.');
    const audit = (await rows(database.url, 'SELECT * FROM audit_log')).join('\n');
    expect(audit).toContain('credentials.resealed');
    expect(audit).not.toContain(refreshToken);

    const rotated = await startTestPlatform({ database, env: { CREDENTIALS_KEYS: keyB } });
    try {
      const credentials = rotated.platform.app.get(ConnectionsService);
      const client = runInOrgScope(rotated.platform.app.get(EntityManager), { allOrgs: true }, () =>
        credentials.clientFor(connectionId),
      );
      await expect(client).resolves.toBeDefined();
    } finally {
      await rotated.close();
    }
    const retired = await startTestPlatform({ database, env: { CREDENTIALS_KEYS: keyA } });
    try {
      const credentials = retired.platform.app.get(ConnectionsService);
      const client = runInOrgScope(retired.platform.app.get(EntityManager), { allOrgs: true }, () =>
        credentials.clientFor(connectionId),
      );
      await expect(client).rejects.toThrow('unknown key b');
    } finally {
      await retired.close();
    }
  });
});

describe('Key rotation on a populated database', () => {
  let database: TestDatabase;
  /** The vendors every connection reaches, outliving the platform processes. */
  let vendors: Sandbox;

  beforeAll(async () => {
    database = await createTestDatabase();
    vendors = await startSandbox({ port: 0 });
  });

  afterAll(async () => {
    await vendors?.close();
    await database?.drop();
  });

  const lead = (eventId: string, name: string) => ({
    eventId,
    firstName: name,
    lastName: 'Rotation',
    email: `${name.toLowerCase()}.rotation@example.com`,
    company: { name: 'Acme' },
    isEnriched: true,
  });

  async function settled(org: DemoOrg, leads: number): Promise<Tally> {
    return waitFor(
      async () => {
        const current = await tally(org);

        return current.leads === leads && current.preSync === 0 ? current : undefined;
      },
      `${leads} leads to settle`,
      90_000,
    );
  }

  it('re-seals every connection while the platform serves, and each keeps syncing on the new key', async () => {
    const before = await startTestPlatform({ database, env: { CREDENTIALS_KEYS: keyA } });
    let orgs: DemoOrg[];
    /** An admin key of each org, to call whichever process serves next. */
    const keys: string[] = [];
    try {
      orgs = [
        await setUpDemoOrg(before.staff, vendors.url),
        await setUpDemoOrg(before.staff, vendors.url),
      ];
      for (const org of orgs) {
        const issued = await org.api.ok<{ apiKey: string }>('POST', '/v1/api-keys', {
          role: 'admin',
          name: 'rotation',
        });
        keys.push(issued.apiKey);
        await org.api.ok('POST', '/v1/leads', lead(org.eventId, 'Ada'));
        expect(await settled(org, 1)).toMatchObject({ cleared: 1, failed: 0 });
      }
    } finally {
      await before.close();
    }
    const sealed = await rows(database.url, 'SELECT sealed_credentials AS s FROM connections');
    expect(sealed).toHaveLength(8);
    expect(sealed.every((row) => row.includes('v1.a.'))).toBe(true);

    // The new key first, the old one after it: the platform serves while the rotation runs.
    const serving = await startTestPlatform({
      database,
      env: { CREDENTIALS_KEYS: `${keyB},${keyA}` },
    });
    try {
      const served = orgs.map((org, index) => ({ ...org, api: serving.api.withKey(keys[index]) }));
      const [count] = await Promise.all([
        serving.platform.app.get(ConnectionsService).resealAll(),
        ...served.map((org) => org.api.ok('POST', '/v1/leads', lead(org.eventId, 'Grace'))),
      ]);
      expect(count).toBe(8);
      for (const org of served) {
        expect(await settled(org, 2)).toMatchObject({ cleared: 2, failed: 0 });
      }
    } finally {
      await serving.close();
    }
    const resealed = await rows(database.url, 'SELECT sealed_credentials AS s FROM connections');
    expect(resealed.every((row) => row.includes('v1.b.'))).toBe(true);

    // The old key dropped: every vendor still gets its leads, tokens refreshed on the new key.
    const after = await startTestPlatform({ database, env: { CREDENTIALS_KEYS: keyB } });
    try {
      vendors.salesforce.expireAccessTokens();
      vendors.hubspot.expireAccessTokens();
      for (const [index, org] of orgs.entries()) {
        const api = after.api.withKey(keys[index]);
        await api.ok('POST', '/v1/leads', lead(org.eventId, 'Hedy'));
        expect(await settled({ ...org, api }, 3)).toMatchObject({ cleared: 3, failed: 0 });
      }
    } finally {
      await after.close();
    }
  });
});
