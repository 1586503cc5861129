import { Module } from '@nestjs/common';
import { OrgsModule } from '@libs/orgs';
import { AuditLogController } from './audit-log.controller';
import { AuditLog } from './audit-log.service';

@Module({
  imports: [OrgsModule],
  controllers: [AuditLogController],
  providers: [AuditLog],
  exports: [AuditLog],
})
export class AuditModule {}
