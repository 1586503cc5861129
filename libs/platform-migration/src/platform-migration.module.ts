import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@libs/audit';
import { ConnectionsModule } from '@libs/connections';
import { OrgsModule } from '@libs/orgs';
import { MigrationStatus } from './migration-status.service';
import { MigrationsController } from './migrations.controller';
import { OrgPlatformsModule } from './org-platforms.module';
import { PlatformMigrationWorker } from './platform-migration.worker';
import { PlatformSwitch } from './platform-switch.service';
import { PlatformsController } from './platforms.controller';

/**
 * The move from the legacy integrations to the new platform: platform per org and category,
 * staff switches (now, scheduled, rollback), checklists, and the legacy sunset.
 */
@Module({})
export class PlatformMigrationModule {
  /** `runWorker` applies scheduled switches and the sunset from this process. */
  static forRoot(options: { runWorker: boolean }): DynamicModule {
    return {
      module: PlatformMigrationModule,
      imports: [OrgsModule, ConnectionsModule, AuditModule, OrgPlatformsModule],
      controllers: [MigrationsController, PlatformsController],
      providers: [
        MigrationStatus,
        PlatformSwitch,
        ...(options.runWorker ? [PlatformMigrationWorker] : []),
      ],
      exports: [MigrationStatus, PlatformSwitch],
    };
  }
}
