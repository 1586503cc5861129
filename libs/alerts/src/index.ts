export * from './alerts.dto';
export * from './alerts.module';
export * from './alerts.service';
export { ALERTS_QUEUE } from './alerts.worker';
export * from './digest';
export * from './notification-rule.entity';
