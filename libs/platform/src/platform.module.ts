import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AlertsModule } from '@libs/alerts';
import { AccessModule } from '@libs/access';
import { AuditModule } from '@libs/audit';
import { ConnectionsModule } from '@libs/connections';
import {
  CryptoModule,
  DatabaseModule,
  LoggingModule,
  MetricsModule,
  QueueModule,
  RateBudgetModule,
  type Environment,
  type LoggingOptions,
} from '@libs/core';
import { IntakeModule } from '@libs/intake';
import { LegacyModule } from '@libs/legacy';
import { MappingsModule } from '@libs/mappings';
import { OrgsModule } from '@libs/orgs';
import { PlatformMigrationModule } from '@libs/platform-migration';
import { PluginHostModule } from '@libs/plugin-host';
import { QualifiersModule } from '@libs/qualifiers';
import { ReconciliationModule } from '@libs/reconciliation';
import { ShadowModule } from '@libs/shadow';
import { SyncModule } from '@libs/sync';
import { ENTITIES } from './entities';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { QueueDashboardModule } from './queue-dashboard';

export interface PlatformOptions {
  environment: Environment;
  /** The database URL in use: `DATABASE_URL`, or the embedded server's. */
  databaseUrl: string;
  /** Serve the REST API from this process. */
  http: boolean;
  /** Run the sync workers in this process. */
  workers: boolean;
  /** Where the JSON log lines go; standard output when absent. */
  logStream?: LoggingOptions['stream'];
}

/** Composes every domain module; the api and worker apps differ only in what they switch on. */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const env = options.environment;

    return {
      module: PlatformModule,
      imports: [
        // The environment was validated once, as a whole, before the app was built.
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          skipProcessEnv: true,
          validatePredefined: false,
          load: [() => ({ ...env })],
        }),
        LoggingModule.forRoot({ stream: options.logStream }),
        MetricsModule,
        CryptoModule,
        DatabaseModule.forRoot({ url: options.databaseUrl, entities: ENTITIES }),
        QueueModule.forRoot({
          redisUrl: env.REDIS_URL,
          databaseUrl: options.databaseUrl,
          prefix: env.QUEUE_PREFIX,
        }),
        PluginHostModule.forRoot({ modules: env.CONNECTOR_PLUGINS }),
        RateBudgetModule.forRoot({
          redisUrl: env.REDIS_URL,
          databaseUrl: options.databaseUrl,
          prefix: env.QUEUE_PREFIX,
        }),
        SyncModule.forRoot({ runWorker: options.workers }),
        OrgsModule,
        AuditModule,
        // Authentication, roles and rate limits guard the REST API only.
        ...(options.http ? [AccessModule] : []),
        ConnectionsModule,
        MappingsModule,
        QualifiersModule,
        LegacyModule,
        IntakeModule,
        ReconciliationModule,
        AlertsModule.forRoot({ runWorker: options.workers }),
        ShadowModule.forRoot({ runWorker: options.workers }),
        PlatformMigrationModule.forRoot({ runWorker: options.workers }),
        ...(options.http ? [QueueDashboardModule] : []),
      ],
      controllers: options.http ? [HealthController, MetricsController] : [],
    };
  }
}
