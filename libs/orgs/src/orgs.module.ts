import { Module } from '@nestjs/common';
import { EventsController, OrgsController } from './orgs.controller';
import { OrgAuthGuard } from './org-auth.guard';
import { OrgsService } from './orgs.service';

@Module({
  controllers: [OrgsController, EventsController],
  providers: [OrgsService, OrgAuthGuard],
  exports: [OrgsService, OrgAuthGuard],
})
export class OrgsModule {}
