import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { applyMigrations, createOrmOptions } from '@libs/core';
import { ENTITIES } from '@libs/platform';
import {
  PostgresRateBudget,
  RedisRateBudget,
  type BudgetLimits,
  type Grant,
  type RateBudget,
} from '@libs/core';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../support/test-database';

/** Short, so a lease left behind by a dead worker ends within the test. */
const LEASE_TTL_MS = 1_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function takeAll(budget: RateBudget, key: string, limits: BudgetLimits, tries: number) {
  const grants: Grant[] = [];
  for (let i = 0; i < tries; i += 1) grants.push(await budget.acquire(key, limits));

  return grants;
}

const granted = (grants: Grant[]) => grants.filter((grant) => grant.granted).length;

describe.each(['redis', 'postgres'] as const)('RateBudget on %s', (backend) => {
  let database: TestDatabase | undefined;
  /** Two instances on one store, as two worker processes would have. */
  let budgets: [RateBudget, RateBudget];
  let key: string;

  beforeAll(async () => {
    if (backend === 'redis') {
      const prefix = `test_${randomBytes(4).toString('hex')}`;
      budgets = [
        new RedisRateBudget(TEST_REDIS_URL, prefix, LEASE_TTL_MS),
        new RedisRateBudget(TEST_REDIS_URL, prefix, LEASE_TTL_MS),
      ];

      return;
    }
    database = await createTestDatabase();
    const orm = await MikroORM.init(createOrmOptions(database.url, ENTITIES));
    await applyMigrations(orm, database.url);
    await orm.close();
    budgets = [
      new PostgresRateBudget(database.url, LEASE_TTL_MS),
      new PostgresRateBudget(database.url, LEASE_TTL_MS),
    ];
  });

  afterAll(async () => {
    await Promise.all(budgets.map((budget) => budget.close()));
    await database?.drop();
  });

  beforeEach(() => {
    key = `hubspot:${randomBytes(4).toString('hex')}`;
  });

  describe('acquire', () => {
    it('grants no more calls per window than declared, across instances', async () => {
      const limits = { requestsPerWindow: 5, windowMs: 1_000 };
      const grants: Grant[] = [];
      const deadline = Date.now() + 1_100;
      await Promise.all(
        budgets.map(async (budget) => {
          while (Date.now() < deadline) {
            grants.push(await budget.acquire(key, limits));
            await sleep(10);
          }
        }),
      );

      expect(granted(grants)).toBeLessThanOrEqual(5);
      expect(granted(grants)).toBeGreaterThanOrEqual(4);
    });

    it('paces calls beyond the burst (half the window) at the window rate', async () => {
      const limits = { requestsPerWindow: 20, windowMs: 1_000 };
      const grants = await takeAll(budgets[0], key, limits, 11);

      expect(granted(grants)).toBe(10);
      expect(grants[10]).toMatchObject({ granted: false, reason: 'window' });
      expect(!grants[10].granted && grants[10].waitMs).toBeGreaterThan(20);
      expect(!grants[10].granted && grants[10].waitMs).toBeLessThan(150);
    });

    it('counts a call that was made from its answer, not from its grant', async () => {
      const limits = { requestsPerWindow: 1, windowMs: 300 };
      const [call] = await takeAll(budgets[0], key, limits, 1);
      if (!call.granted) throw new Error('the first call was not granted');
      await sleep(400);
      await budgets[1].release(key, call.lease);
      const next = await budgets[0].acquire(key, limits);

      // Counted from its grant, the call would leave the window ~150 ms later.
      expect(next).toMatchObject({ granted: false, reason: 'window' });
      expect(!next.granted && next.waitMs).toBeGreaterThan(400);
    });

    it('grants again once the window has rolled on', async () => {
      const limits = { requestsPerWindow: 2, windowMs: 200 };
      expect(granted(await takeAll(budgets[0], key, limits, 3))).toBe(1);
      await sleep(500);

      expect(granted(await takeAll(budgets[1], key, limits, 3))).toBe(1);
    });

    it('holds calls once the daily cap is reached, until the next day', async () => {
      const limits = { dailyCap: 3 };
      const grants = await takeAll(budgets[0], key, limits, 4);

      expect(granted(grants)).toBe(3);
      expect(grants[3]).toMatchObject({ granted: false, reason: 'daily' });
      expect(!grants[3].granted && grants[3].waitMs).toBeGreaterThan(0);
    });

    it('keeps calls in flight under the concurrency limit until leases are released', async () => {
      const limits = { concurrency: 2 };
      const [first, second, third] = await takeAll(budgets[0], key, limits, 3);
      expect([first.granted, second.granted, third]).toEqual([
        true,
        true,
        expect.objectContaining({ granted: false, reason: 'concurrency' }),
      ]);

      if (first.granted) await budgets[1].release(key, first.lease);

      expect((await budgets[1].acquire(key, limits)).granted).toBe(true);
    });

    it('frees the slot of a worker that died mid-call once its lease ends', async () => {
      const limits = { concurrency: 1 };
      expect((await budgets[0].acquire(key, limits)).granted).toBe(true);
      expect((await budgets[1].acquire(key, limits)).granted).toBe(false);
      await sleep(LEASE_TTL_MS + 200);

      expect((await budgets[1].acquire(key, limits)).granted).toBe(true);
    });
  });

  describe('release', () => {
    it('gives back a call that was never made', async () => {
      const limits = { requestsPerWindow: 1, windowMs: 60_000, dailyCap: 1 };
      const grant = await budgets[0].acquire(key, limits);
      if (!grant.granted) throw new Error('expected a grant');
      await budgets[0].release(key, grant.lease, { refund: true });

      expect((await budgets[1].acquire(key, limits)).granted).toBe(true);
    });
  });

  describe('pause', () => {
    it('holds every instance until the pause ends, and never shortens it', async () => {
      await budgets[0].pause(key, 400);
      await budgets[1].pause(key, 50);
      const during = await budgets[1].acquire(key, {});

      expect(during).toMatchObject({ granted: false, reason: 'paused' });
      expect(!during.granted && during.waitMs).toBeGreaterThan(250);
      await sleep(450);
      expect((await budgets[0].acquire(key, {})).granted).toBe(true);
    });
  });
});

describe('RateBudget on postgres, when the server drops its connections', () => {
  let database: TestDatabase;
  let budget: PostgresRateBudget;

  beforeAll(async () => {
    database = await createTestDatabase();
    const orm = await MikroORM.init(createOrmOptions(database.url, ENTITIES));
    await applyMigrations(orm, database.url);
    await orm.close();
    budget = new PostgresRateBudget(database.url, LEASE_TTL_MS);
  });

  afterAll(async () => {
    await budget.close();
    await database.drop();
  });

  it('survives the loss of its idle connections and opens new ones', async () => {
    const key = `hubspot:${randomBytes(4).toString('hex')}`;
    await budget.acquire(key, {});
    // What a server shutting down (or an administrator) does to every idle connection; an
    // unhandled pool error would end the process here.
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    const { rowCount } = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    await admin.end();
    await sleep(100);

    expect(rowCount).toBeGreaterThan(0);
    expect((await budget.acquire(key, {})).granted).toBe(true);
  });
});
