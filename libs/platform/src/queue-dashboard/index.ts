export * from './queue-dashboard';
export * from './queue-dashboard.module';
