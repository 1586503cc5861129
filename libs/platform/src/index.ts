export * from './bootstrap';
export * from './entities';
export * from './platform.module';
export * from './run-until-signal';
export * from './openapi';
