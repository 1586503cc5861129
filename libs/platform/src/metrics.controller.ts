import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get, Res, VERSION_NEUTRAL, type OnModuleInit } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { JobQueues, Metrics, StaffOnly, type GaugeSample } from '@libs/core';
import { SYNC_QUEUE } from '@libs/sync';

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'];

/**
 * Prometheus exposition. Counters and histograms are this process's; the gauges read the
 * database and the queue at scrape time, so every process reports the same totals.
 */
@ApiExcludeController()
// Counts span every org: for the platform's operators (a staff key), not for an org's callers.
@StaffOnly()
@Controller({ path: 'metrics', version: VERSION_NEUTRAL })
export class MetricsController implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly em: EntityManager,
    private readonly queues: JobQueues,
  ) {}

  onModuleInit(): void {
    this.metrics.scraped({
      name: 'mobly_leads',
      help: 'Sync records by connector, state and failure category.',
      labelNames: ['connector', 'state', 'category'],
      read: () => this.leadsByState(),
    });
    this.metrics.scraped({
      name: 'mobly_connections',
      help: 'Connections by connector and status (connected, needs_reauth, disconnected).',
      labelNames: ['connector', 'status'],
      read: () => this.connectionsByStatus(),
    });
    this.metrics.scraped({
      name: 'mobly_queue_jobs',
      help: 'Jobs in the sync queue by state.',
      labelNames: ['queue', 'state'],
      read: () => this.queueDepth(),
    });
  }

  @Get()
  async scrape(@Res() response: Response): Promise<void> {
    const { contentType, body } = await this.metrics.exposition();
    response.type(contentType).send(body);
  }

  private async leadsByState(): Promise<GaugeSample[]> {
    const rows: { integration: string; state: string; category: string; count: string }[] =
      await this.em.fork().execute(
        `SELECT c.integration, sr.state, coalesce(sr.error_category, '') AS category,
                count(*) AS count
           FROM sync_records sr JOIN connections c ON c.id = sr.connection_id
          GROUP BY 1, 2, 3`,
      );

    return rows.map((row) => ({
      labels: { connector: row.integration, state: row.state, category: row.category },
      value: Number(row.count),
    }));
  }

  private async connectionsByStatus(): Promise<GaugeSample[]> {
    const rows: { integration: string; status: string; count: string }[] = await this.em
      .fork()
      .execute('SELECT integration, status, count(*) AS count FROM connections GROUP BY 1, 2');

    return rows.map((row) => ({
      labels: { connector: row.integration, status: row.status },
      value: Number(row.count),
    }));
  }

  private async queueDepth(): Promise<GaugeSample[]> {
    const counts = await this.queues.queue(SYNC_QUEUE).getJobCounts(...JOB_STATES);

    return Object.entries(counts).map(([state, value]) => ({
      labels: { queue: SYNC_QUEUE, state },
      value,
    }));
  }
}
