import { Module } from '@nestjs/common';
import { ConnectionsModule } from '@libs/connections';
import { OrgsModule } from '@libs/orgs';
import { MappingsController } from './mappings.controller';
import { MappingChanges } from './mapping-changes';
import { MappingsService } from './mappings.service';

@Module({
  imports: [OrgsModule, ConnectionsModule],
  controllers: [MappingsController],
  providers: [MappingsService, MappingChanges],
  exports: [MappingsService, MappingChanges],
})
export class MappingsModule {}
