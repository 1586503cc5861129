import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '@libs/core';
import { ConnectionsModule } from '@libs/connections';
import { MappingsModule } from '@libs/mappings';
import { OrgsModule } from '@libs/orgs';
import { PostgresRateBudget, RATE_BUDGET, RedisRateBudget, type RateBudget } from './rate-budget';
import { SyncModesController } from './sync-modes.controller';
import { SyncModesService } from './sync-modes.service';
import { SyncScheduler } from './sync-scheduler';
import { SyncService } from './sync.service';
import { SyncWorker } from './sync.worker';
import { SYNC_OPTIONS, type SyncOptions } from './sync.constants';

function syncOptions(config: ConfigService<Environment, true>): SyncOptions {
  return {
    lingerMs: config.get('SYNC_LINGER_MS'),
    enrichmentWaitMs: config.get('ENRICHMENT_WAIT_MS'),
    maxAttempts: config.get('SYNC_MAX_ATTEMPTS'),
    sweepIntervalMs: config.get('SYNC_SWEEP_INTERVAL_MS'),
    concurrency: config.get('WORKER_CONCURRENCY'),
  };
}

export interface SyncModuleOptions {
  /** Adds the queue processor to this process. */
  runWorker: boolean;
  /** Where the shared rate budgets live: Redis when set, else the `databaseUrl` database. */
  redisUrl?: string;
  databaseUrl: string;
  /** Key prefix of the budgets on Redis. */
  prefix: string;
}

function rateBudget(options: SyncModuleOptions): RateBudget {
  return options.redisUrl
    ? new RedisRateBudget(options.redisUrl, options.prefix)
    : new PostgresRateBudget(options.databaseUrl);
}

@Module({})
export class SyncModule implements OnApplicationShutdown {
  constructor(@Inject(RATE_BUDGET) private readonly budget: RateBudget) {}

  static forRoot(options: SyncModuleOptions): DynamicModule {
    return {
      module: SyncModule,
      global: true,
      imports: [ConnectionsModule, MappingsModule, OrgsModule],
      controllers: [SyncModesController],
      providers: [
        { provide: SYNC_OPTIONS, inject: [ConfigService], useFactory: syncOptions },
        { provide: RATE_BUDGET, useFactory: () => rateBudget(options) },
        SyncScheduler,
        SyncService,
        SyncModesService,
        ...(options.runWorker ? [SyncWorker] : []),
      ],
      exports: [SyncScheduler, SyncService, RATE_BUDGET],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.budget.close();
  }
}
