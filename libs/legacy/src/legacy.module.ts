import { Module } from '@nestjs/common';
import { ConnectionsModule } from '@libs/connections';
import { MappingsModule } from '@libs/mappings';
import { OrgsModule } from '@libs/orgs';
import { LegacyController } from './legacy.controller';
import { LegacyService } from './legacy.service';

@Module({
  imports: [OrgsModule, ConnectionsModule, MappingsModule],
  controllers: [LegacyController],
  providers: [LegacyService],
  exports: [LegacyService],
})
export class LegacyModule {}
