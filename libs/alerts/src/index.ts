export * from './alerts.dto';
export * from './alerts.module';
export * from './alerts.service';
export * from './digest';
export * from './notification-rule.entity';
