import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get, HttpStatus, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { JobQueues, Public } from '@libs/core';
import { SYNC_QUEUE } from '@libs/sync';

interface Check {
  status: 'up' | 'down';
  detail?: string;
}

async function check(probe: () => Promise<unknown>): Promise<Check> {
  try {
    await probe();

    return { status: 'up' };
  } catch (error) {
    return { status: 'down', detail: error instanceof Error ? error.message : String(error) };
  }
}

@ApiTags('health')
@Public()
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(
    private readonly em: EntityManager,
    private readonly queues: JobQueues,
  ) {}

  /** Database and queue reachability (503 when either is down) and connection auth states. */
  @Get()
  async health(@Res() response: Response): Promise<void> {
    const [database, queue] = await Promise.all([
      check(() => this.em.fork().execute('SELECT 1')),
      check(() => this.queues.queue(SYNC_QUEUE).getJobCounts('waiting')),
    ]);
    const up = database.status === 'up' && queue.status === 'up';
    response.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: up ? 'up' : 'down',
      checks: {
        database,
        queue: { ...queue, backend: this.queues.backend },
        connections: up ? await this.connectionsByStatus() : {},
      },
    });
  }

  /**
   * How many connections are connected, need re-authorisation or are disconnected. A
   * connection that needs its admin does not make the platform unhealthy; each org sees its
   * own connections' states on `GET /v1/connections`.
   */
  private async connectionsByStatus(): Promise<Record<string, number>> {
    const rows: { status: string; count: string }[] = await this.em
      .fork()
      .execute('SELECT status, count(*) AS count FROM connections GROUP BY status');

    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }
}
