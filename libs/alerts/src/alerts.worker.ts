import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from '@mikro-orm/postgresql';
import { JobQueues, runInOrgScope, type Environment } from '@libs/core';
import { AlertsService } from './alerts.service';

export const ALERTS_QUEUE = 'alerts';
const TICK_JOB = 'digest-tick';

/** Posts the digests that are due, on a repeating tick shared by every worker process. */
@Injectable()
export class AlertsWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(AlertsWorker.name);

  constructor(
    private readonly queues: JobQueues,
    private readonly em: EntityManager,
    private readonly alerts: AlertsService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.queues.startWorker(
      ALERTS_QUEUE,
      async () => {
        // Rules of every org are due together; each digest reads its own org's connections.
        const runs = await runInOrgScope(this.em, { allOrgs: true }, () => this.alerts.runDue());

        return { digests: runs.length };
      },
      1,
    );
    await this.queues
      .queue(ALERTS_QUEUE)
      .upsertJobScheduler(
        TICK_JOB,
        { every: this.config.get('ALERTS_TICK_MS') },
        { name: TICK_JOB, data: {} },
      );
    this.logger.log({ tickMs: this.config.get('ALERTS_TICK_MS') }, 'alerts worker started');
  }
}
