import { Module } from '@nestjs/common';
import { ConnectionsModule } from '@libs/connections';
import { MappingsModule } from '@libs/mappings';
import { OrgsModule } from '@libs/orgs';
import { LegacyController } from './legacy.controller';
import { LegacyService } from './legacy.service';
import { LegacyMappingDraftController } from './mapping-draft.controller';
import { LegacyMappingDraftsService } from './mapping-draft.service';

@Module({
  imports: [OrgsModule, ConnectionsModule, MappingsModule],
  controllers: [LegacyController, LegacyMappingDraftController],
  providers: [LegacyService, LegacyMappingDraftsService],
  exports: [LegacyService],
})
export class LegacyModule {}
