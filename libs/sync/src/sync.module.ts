import { DynamicModule, Module } from '@nestjs/common';
import { ConnectionsModule } from '@libs/connections';
import { SyncScheduler } from './sync-scheduler';
import { SyncService } from './sync.service';
import { SyncWorker } from './sync.worker';
import { SYNC_OPTIONS, type SyncOptions } from './sync.constants';

@Module({})
export class SyncModule {
  /** `runWorker` adds the queue processor to this process. */
  static forRoot(options: SyncOptions & { runWorker: boolean }): DynamicModule {
    return {
      module: SyncModule,
      global: true,
      imports: [ConnectionsModule],
      providers: [
        { provide: SYNC_OPTIONS, useValue: options },
        SyncScheduler,
        SyncService,
        ...(options.runWorker ? [SyncWorker] : []),
      ],
      exports: [SyncScheduler, SyncService],
    };
  }
}
