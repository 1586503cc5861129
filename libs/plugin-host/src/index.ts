export * from './connector-registry';
export * from './plugin-host.module';
export * from './plugin-loader';
