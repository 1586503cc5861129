import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import {
  budgetDay,
  burstSize,
  CONCURRENCY_RETRY_MS,
  effectiveWindowMs,
  LEASE_TTL_MS,
  type BudgetLimits,
  type Grant,
  type RateBudget,
} from './rate-budget';

interface BudgetState {
  paused_until: Date | null;
  calls: Record<string, number>;
  leases: Record<string, number>;
  tokens: number | null;
  tokens_at: string | null;
  day: string | null;
  day_count: number;
  now: string;
}

type BudgetUpdate = Pick<BudgetState, 'calls' | 'leases' | 'day' | 'day_count'> &
  Partial<Pick<BudgetState, 'tokens' | 'tokens_at'>>;

/**
 * The budget as one row per vendor account in PostgreSQL, read and rewritten under `FOR UPDATE`
 * so concurrent workers take turns. Time is the database server's, the clock every worker shares.
 */
export class PostgresRateBudget implements RateBudget {
  private readonly logger = new Logger(PostgresRateBudget.name);
  private readonly pool: Pool;
  private closing = false;

  constructor(
    databaseUrl: string,
    private readonly leaseTtlMs = LEASE_TTL_MS,
  ) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 4 });
    // An idle connection the server drops (a restart, or the embedded server stopping while
    // the pool closes) is discarded by the pool; the next call opens a new one.
    this.pool.on('error', (error) => {
      if (!this.closing) this.logger.warn({ error: error.message }, 'rate budget connection lost');
    });
  }

  async acquire(key: string, limits: BudgetLimits): Promise<Grant> {
    return this.locked(key, async (state, save) => {
      const now = Number(state.now);
      const paused = state.paused_until ? state.paused_until.getTime() : 0;
      if (paused > now) return { granted: false, waitMs: paused - now, reason: 'paused' };

      const { day, msToNextDay } = budgetDay(now);
      const dayCount = state.day === day ? state.day_count : 0;
      if (limits.dailyCap && dayCount >= limits.dailyCap) {
        return { granted: false, waitMs: msToNextDay, reason: 'daily' };
      }

      const calls = state.calls;
      const windowMs =
        limits.requestsPerWindow && limits.windowMs ? effectiveWindowMs(limits.windowMs) : 0;
      for (const [lease, at] of Object.entries(calls))
        if (at <= now - windowMs) delete calls[lease];
      const perWindow = limits.requestsPerWindow ?? 0;
      if (windowMs && Object.keys(calls).length >= perWindow) {
        const oldest = Math.min(...Object.values(calls));

        return { granted: false, waitMs: Math.max(1, oldest + windowMs - now), reason: 'window' };
      }
      let tokens = 0;
      if (windowMs) {
        const burst = burstSize(perWindow);
        const last = state.tokens_at === null ? now : Number(state.tokens_at);
        tokens = Math.min(burst, (state.tokens ?? burst) + ((now - last) * perWindow) / windowMs);
        if (tokens < 1) {
          const waitMs = Math.max(1, Math.ceil(((1 - tokens) * windowMs) / perWindow));

          return { granted: false, waitMs, reason: 'window' };
        }
      }

      const leases = state.leases;
      for (const [lease, until] of Object.entries(leases)) if (until <= now) delete leases[lease];
      if (limits.concurrency && Object.keys(leases).length >= limits.concurrency) {
        return { granted: false, waitMs: CONCURRENCY_RETRY_MS, reason: 'concurrency' };
      }

      const lease = randomUUID();
      if (windowMs) calls[lease] = now;
      leases[lease] = now + this.leaseTtlMs;
      await save({
        calls,
        leases,
        day,
        day_count: dayCount + 1,
        ...(windowMs ? { tokens: tokens - 1, tokens_at: String(now) } : {}),
      });

      return { granted: true, lease };
    });
  }

  async release(key: string, lease: string, options: { refund?: boolean } = {}): Promise<void> {
    await this.locked(key, async (state, save) => {
      const known = lease in state.leases || lease in state.calls;
      const counted = lease in state.calls;
      delete state.leases[lease];
      let dayCount = state.day_count;
      let tokens = state.tokens;
      if (options.refund && known) {
        delete state.calls[lease];
        dayCount = Math.max(0, dayCount - 1);
        if (counted && tokens !== null) tokens += 1;
      } else if (counted) {
        // The vendor saw the call at some moment before its answer: it counts from now on.
        state.calls[lease] = Number(state.now);
      }
      await save({
        calls: state.calls,
        leases: state.leases,
        day: state.day,
        day_count: dayCount,
        tokens,
        tokens_at: state.tokens_at,
      });
    });
  }

  async pause(key: string, ms: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO rate_budgets (key, paused_until)
       VALUES ($1, clock_timestamp() + make_interval(secs => $2))
       ON CONFLICT (key) DO UPDATE
         SET paused_until = greatest(coalesce(rate_budgets.paused_until, EXCLUDED.paused_until),
                                     EXCLUDED.paused_until)`,
      [key, Math.max(1, Math.ceil(ms)) / 1000],
    );
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.pool.end();
  }

  /** Runs `decide` on the budget's row, locked until the transaction ends. */
  private async locked<T>(
    key: string,
    decide: (state: BudgetState, save: (next: BudgetUpdate) => Promise<void>) => Promise<T>,
  ): Promise<T> {
    const client: PoolClient = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO rate_budgets (key) VALUES ($1) ON CONFLICT DO NOTHING`, [
        key,
      ]);
      const { rows } = await client.query<BudgetState>(
        `SELECT paused_until, calls, leases, tokens, tokens_at, day, day_count,
                floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now
           FROM rate_budgets WHERE key = $1 FOR UPDATE`,
        [key],
      );
      const result = await decide(rows[0], async (next) => {
        await client.query(
          `UPDATE rate_budgets
              SET calls = $2, leases = $3, day = $4, day_count = $5,
                  tokens = coalesce($6, tokens), tokens_at = coalesce($7, tokens_at)
            WHERE key = $1`,
          [
            key,
            JSON.stringify(next.calls),
            JSON.stringify(next.leases),
            next.day,
            next.day_count,
            next.tokens ?? null,
            next.tokens_at ?? null,
          ],
        );
      });
      await client.query('COMMIT');

      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
