export * from './categories';
export * from './migration-status.service';
export * from './migration.dto';
export * from './org-platform.entity';
export * from './org-platforms.module';
export * from './org-platforms.service';
export * from './platform-migration.module';
export * from './platform-switch.service';
