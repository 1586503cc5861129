export * from './postgres-rate-budget';
export * from './rate-budget';
export * from './rate-budget.entity';
export * from './redis-rate-budget';
export * from './rate-budget.module';
