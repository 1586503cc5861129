export * from './payload';
export * from './sync-record.entity';
export * from './sync-write.entity';
export * from './sync-modes.service';
export * from './sync-scheduler';
export * from './sync.constants';
export * from './sync.module';
export * from './sync.service';
