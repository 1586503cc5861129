export * from './connector-registry';
export * from './plugin-host.module';
