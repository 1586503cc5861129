import { Module } from '@nestjs/common';
import { EventsController } from './orgs.controller';
import { OrgAuthGuard } from './org-auth.guard';
import { OrgsService } from './orgs.service';

@Module({
  controllers: [EventsController],
  providers: [OrgsService, OrgAuthGuard],
  exports: [OrgsService, OrgAuthGuard],
})
export class OrgsModule {}
