import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { setUpSalesforceOrg } from '@app/demo';
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
