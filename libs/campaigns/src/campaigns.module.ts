import { Module } from '@nestjs/common';
import { ConnectionsModule } from '@libs/connections';
import { OrgsModule } from '@libs/orgs';
import { CampaignLinksController } from './campaign-links.controller';
import { CampaignLinksService } from './campaign-links.service';
import { CampaignMembersService } from './campaign-members.service';

/** Campaign links (event → vendor campaign) and the sync step that adds their members. */
@Module({
  imports: [ConnectionsModule, OrgsModule],
  controllers: [CampaignLinksController],
  providers: [CampaignLinksService, CampaignMembersService],
  exports: [CampaignMembersService],
})
export class CampaignsModule {}
