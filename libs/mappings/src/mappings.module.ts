import { Module } from '@nestjs/common';
import { ConnectionsModule } from '@libs/connections';
import { OrgsModule } from '@libs/orgs';
import { MappingsController } from './mappings.controller';
import { MappingsService } from './mappings.service';

@Module({
  imports: [OrgsModule, ConnectionsModule],
  controllers: [MappingsController],
  providers: [MappingsService],
  exports: [MappingsService],
})
export class MappingsModule {}
