import { DynamicModule, Module } from '@nestjs/common';
import type { ConnectorDefinition } from '@libs/connector-sdk';
import { ConnectionsModule } from '@libs/connections';
import { DatabaseModule, LoggingModule, QueueModule, type Environment } from '@libs/core';
import { IntakeModule } from '@libs/intake';
import { MappingsModule } from '@libs/mappings';
import { OrgsModule } from '@libs/orgs';
import { PluginHostModule } from '@libs/plugin-host';
import { ReconciliationModule } from '@libs/reconciliation';
import { SyncModule } from '@libs/sync';
import { ENTITIES } from './entities';
import { HealthController } from './health.controller';

export interface PlatformOptions {
  environment: Environment;
  /** The database URL in use: `DATABASE_URL`, or the embedded server's. */
  databaseUrl: string;
  connectors: ConnectorDefinition[];
  /** Serve the REST API from this process. */
  http: boolean;
  /** Run the sync workers in this process. */
  workers: boolean;
}

/** Composes every domain module; the api and worker apps differ only in what they switch on. */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const env = options.environment;

    return {
      module: PlatformModule,
      imports: [
        LoggingModule.forRoot(env.LOG_LEVEL),
        DatabaseModule.forRoot({ url: options.databaseUrl, entities: ENTITIES }),
        QueueModule.forRoot({
          redisUrl: env.REDIS_URL,
          databaseUrl: options.databaseUrl,
          prefix: env.QUEUE_PREFIX,
        }),
        PluginHostModule.forRoot(options.connectors),
        SyncModule.forRoot({
          runWorker: options.workers,
          lingerMs: env.SYNC_LINGER_MS,
          enrichmentWaitMs: env.ENRICHMENT_WAIT_MS,
          maxAttempts: env.SYNC_MAX_ATTEMPTS,
          sweepIntervalMs: env.SYNC_SWEEP_INTERVAL_MS,
          concurrency: env.WORKER_CONCURRENCY,
        }),
        OrgsModule,
        ConnectionsModule,
        MappingsModule,
        IntakeModule,
        ReconciliationModule,
      ],
      controllers: options.http ? [HealthController] : [],
    };
  }
}
