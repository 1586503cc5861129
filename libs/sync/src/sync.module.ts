import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CampaignsModule } from '@libs/campaigns';
import { parseInstant, type Environment } from '@libs/core';
import { ConnectionsModule } from '@libs/connections';
import { MappingsModule } from '@libs/mappings';
import { OrgsModule } from '@libs/orgs';
import { QualifiersModule } from '@libs/qualifiers';
import { OAuthCallbackController } from './oauth-callback.controller';
import { SyncModesController } from './sync-modes.controller';
import { SyncModesService } from './sync-modes.service';
import { SyncScheduler } from './sync-scheduler';
import { SyncService } from './sync.service';
import { SyncWorker } from './sync.worker';
import { SYNC_OPTIONS, type SyncOptions } from './sync.constants';

function syncOptions(config: ConfigService<Environment, true>): SyncOptions {
  const sunset = config.get<string | undefined>('LEGACY_SUNSET_AT');

  return {
    lingerMs: config.get('SYNC_LINGER_MS'),
    enrichmentWaitMs: config.get('ENRICHMENT_WAIT_MS'),
    maxAttempts: config.get('SYNC_MAX_ATTEMPTS'),
    sweepIntervalMs: config.get('SYNC_SWEEP_INTERVAL_MS'),
    concurrency: config.get('WORKER_CONCURRENCY'),
    legacySunsetAt: sunset ? parseInstant(sunset) : undefined,
  };
}

@Module({})
export class SyncModule {
  /** `runWorker` adds the queue processor to this process. */
  static forRoot(options: { runWorker: boolean }): DynamicModule {
    return {
      module: SyncModule,
      global: true,
      imports: [CampaignsModule, ConnectionsModule, MappingsModule, OrgsModule, QualifiersModule],
      controllers: [SyncModesController, OAuthCallbackController],
      providers: [
        { provide: SYNC_OPTIONS, inject: [ConfigService], useFactory: syncOptions },
        SyncScheduler,
        SyncService,
        SyncModesService,
        ...(options.runWorker ? [SyncWorker] : []),
      ],
      exports: [SyncScheduler, SyncService, SyncModesService, SYNC_OPTIONS],
    };
  }
}
