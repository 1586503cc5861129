import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobQueues, runInOrgScope } from '@libs/core';
import { ShadowExecutor } from './shadow-executor';
import { SHADOW_QUEUE, SHADOW_RUN_JOB, type ShadowJobData } from './shadow.constants';

/** Runs shadow runs, one at a time per process; each works for its own org only. */
@Injectable()
export class ShadowWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(ShadowWorker.name);

  constructor(
    private readonly em: EntityManager,
    private readonly queues: JobQueues,
    private readonly executor: ShadowExecutor,
  ) {}

  onApplicationBootstrap(): void {
    this.queues.startWorker<ShadowJobData>(SHADOW_QUEUE, (job) => this.process(job), 1);
  }

  private async process(job: Job<ShadowJobData>): Promise<void> {
    if (job.name !== SHADOW_RUN_JOB) {
      this.logger.warn({ jobId: job.id, name: job.name }, 'unknown shadow job');

      return;
    }
    const { runId, orgId } = job.data;
    await runInOrgScope(this.em, { orgId }, () => this.executor.execute(runId));
  }
}
