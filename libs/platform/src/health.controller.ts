import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get, HttpStatus, Res, VERSION_NEUTRAL } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems, JobQueues, Public } from '@libs/core';
import { SYNC_QUEUE } from '@libs/sync';

class CheckDto {
  @ApiProperty({ enum: ['up', 'down'], description: 'Whether it answered.', example: 'up' })
  status: 'up' | 'down';

  @ApiPropertyOptional({
    description: 'Why it is down.',
    example: 'connect ECONNREFUSED 127.0.0.1:5432',
  })
  detail?: string;
}

class QueueCheckDto extends CheckDto {
  @ApiProperty({
    enum: ['redis', 'postgres'],
    description: 'What carries the job queue.',
    example: 'redis',
  })
  backend: 'redis' | 'postgres';
}

class HealthChecksDto {
  @ApiProperty({ type: CheckDto, description: 'PostgreSQL.' })
  database: CheckDto;

  @ApiProperty({ type: QueueCheckDto, description: 'The sync queue.' })
  queue: QueueCheckDto;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Connections by status, across orgs; empty while the platform is down.',
    example: { connected: 12, needs_reauth: 1 },
  })
  connections: Record<string, number>;
}

export class HealthDto {
  @ApiProperty({
    enum: ['up', 'down'],
    description: 'Up when the database and the queue both are.',
    example: 'up',
  })
  status: 'up' | 'down';

  @ApiProperty({ type: HealthChecksDto, description: 'Each dependency checked.' })
  checks: HealthChecksDto;
}

async function check(probe: () => Promise<unknown>): Promise<CheckDto> {
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
  @ApiOperation({ summary: 'Check the database and the queue, and count connections by status.' })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'The database or queue is down.' })
  @ApiProblems(429)
  async health(@Res() response: Response): Promise<void> {
    const [database, queue] = await Promise.all([
      check(() => this.em.fork().execute('SELECT 1')),
      check(() => this.queues.queue(SYNC_QUEUE).getJobCounts('waiting')),
    ]);
    const up = database.status === 'up' && queue.status === 'up';
    const body: HealthDto = {
      status: up ? 'up' : 'down',
      checks: {
        database,
        queue: { ...queue, backend: this.queues.backend },
        connections: up ? await this.connectionsByStatus() : {},
      },
    };
    response.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
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
