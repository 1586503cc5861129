import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@libs/audit';
import { ConnectionsModule } from '@libs/connections';
import { OrgsModule } from '@libs/orgs';
import { ShadowController } from './shadow.controller';
import { ShadowExecutor } from './shadow-executor';
import { ShadowRunsService } from './shadow-runs.service';
import { ShadowWorker } from './shadow.worker';

@Module({})
export class ShadowModule {
  /** `runWorker` runs shadow runs in this process. */
  static forRoot(options: { runWorker: boolean }): DynamicModule {
    return {
      module: ShadowModule,
      imports: [OrgsModule, ConnectionsModule, AuditModule],
      controllers: [ShadowController],
      providers: [ShadowRunsService, ShadowExecutor, ...(options.runWorker ? [ShadowWorker] : [])],
      exports: [ShadowRunsService],
    };
  }
}
