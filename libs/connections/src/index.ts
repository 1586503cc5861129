export * from './connection.entity';
export * from './connections.module';
export * from './connections.service';
export * from './connections.dto';
export * from './budgeted-client';
export * from './connector-limits';
