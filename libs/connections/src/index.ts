export * from './connection.entity';
export * from './connections.module';
export * from './connections.service';
export * from './connections.dto';
