import { EntityManager } from '@mikro-orm/postgresql';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobQueues, runInOrgScope } from '@libs/core';
import { SyncScheduler } from './sync-scheduler';
import { SyncService } from './sync.service';
import {
  SWEEP_JOB,
  SYNC_CONNECTION_JOB,
  SYNC_OPTIONS,
  SYNC_QUEUE,
  WORKER_BEAT_MS,
  type SyncJobData,
  type SyncOptions,
} from './sync.constants';

/** The BullMQ processor of the sync queue; runs in the worker app and, by default, the API. */
@Injectable()
export class SyncWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SyncWorker.name);
  private beating?: NodeJS.Timeout;

  constructor(
    private readonly em: EntityManager,
    private readonly queues: JobQueues,
    private readonly sync: SyncService,
    private readonly scheduler: SyncScheduler,
    @Inject(SYNC_OPTIONS) private readonly options: SyncOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Alive before the first claim, and every few seconds after.
    await this.sync.beat();
    this.beating = setInterval(() => {
      this.sync.beat().catch((error: unknown) => this.logger.warn({ err: error }, 'beat failed'));
    }, WORKER_BEAT_MS);
    this.beating.unref();
    this.queues.startWorker<SyncJobData>(
      SYNC_QUEUE,
      (job) => this.process(job),
      this.options.concurrency,
    );
    await this.queues
      .queue<SyncJobData>(SYNC_QUEUE)
      .upsertJobScheduler(
        SWEEP_JOB,
        { every: this.options.sweepIntervalMs },
        { name: SWEEP_JOB, data: {} },
      );
    this.logger.log(
      { backend: this.queues.backend, concurrency: this.options.concurrency },
      'sync worker started',
    );
  }

  onApplicationShutdown(): void {
    clearInterval(this.beating);
  }

  private async process(job: Job<SyncJobData>): Promise<unknown> {
    if (job.name === SWEEP_JOB) {
      // The sweeper looks across every org for connections with due leads.
      const due = await runInOrgScope(this.em, { allOrgs: true }, () =>
        this.sync.connectionsWithDueRecords(),
      );
      for (const connectionId of due) await this.scheduler.kick(connectionId);

      return { kicked: due.length };
    }
    if (job.name === SYNC_CONNECTION_JOB && job.data.connectionId) {
      const { connectionId } = job.data;
      // A sync job works for one org: everything it reads is scoped to that org.
      const orgId = await this.sync.orgOf(connectionId);
      if (!orgId) return undefined;

      return runInOrgScope(this.em, { orgId }, () =>
        this.sync.syncConnection(connectionId, job.id),
      );
    }
    this.logger.warn({ jobId: job.id, name: job.name }, 'unknown sync job');

    return undefined;
  }
}
