import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from '@mikro-orm/postgresql';
import { JobQueues, runInOrgScope, type Environment } from '@libs/core';
import { PlatformSwitch } from './platform-switch.service';

export const MIGRATION_QUEUE = 'platform-migration';
const TICK_JOB = 'migration-tick';

/**
 * Applies the scheduled platform switches that are due and, past the legacy sunset, holds legacy
 * leads as Paused and moves them once their category is on the new platform. One repeating tick
 * shared by every worker process.
 */
@Injectable()
export class PlatformMigrationWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(PlatformMigrationWorker.name);

  constructor(
    private readonly queues: JobQueues,
    private readonly em: EntityManager,
    private readonly switches: PlatformSwitch,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.queues.startWorker(
      MIGRATION_QUEUE,
      () =>
        runInOrgScope(this.em, { allOrgs: true }, async () => {
          const switched = await this.switches.applyDue();
          const sunset = await this.switches.enforceSunset();
          if (switched > 0 || sunset.paused > 0 || sunset.handedOver > 0) {
            this.logger.log({ switched, ...sunset }, 'migration tick');
          }

          return { switched, ...sunset };
        }),
      1,
    );
    const every = this.config.get('MIGRATION_TICK_MS');
    await this.queues
      .queue(MIGRATION_QUEUE)
      .upsertJobScheduler(TICK_JOB, { every }, { name: TICK_JOB, data: {} });
    this.logger.log({ tickMs: every }, 'migration worker started');
  }
}
