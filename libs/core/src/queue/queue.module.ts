import { DynamicModule, Module } from '@nestjs/common';
import { JobQueues, QUEUE_OPTIONS, type QueueModuleOptions } from './job-queues';

@Module({})
export class QueueModule {
  static forRoot(options: QueueModuleOptions): DynamicModule {
    return {
      module: QueueModule,
      global: true,
      providers: [{ provide: QUEUE_OPTIONS, useValue: options }, JobQueues],
      exports: [JobQueues],
    };
  }
}
