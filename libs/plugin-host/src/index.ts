export * from './connector-registry';
export * from './plugin-discovery';
export * from './plugin-host.module';
export * from './plugin-loader';
