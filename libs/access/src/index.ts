export * from './access.module';
export * from './api-key';
export * from './api-key.entity';
export * from './api-keys.service';
export * from './authenticator';
export * from './staff-keys';
