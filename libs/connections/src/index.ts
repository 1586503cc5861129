export * from './connection.entity';
export * from './connections.module';
export * from './connections.service';
export * from './connections.dto';
export * from './oauth/oauth-state.entity';
export * from './oauth/oauth.dto';
export * from './oauth/oauth.service';
