import { Module } from '@nestjs/common';
import { ConnectionsModule } from '@libs/connections';
import { MappingsModule } from '@libs/mappings';
import { OrgsModule } from '@libs/orgs';
import { QualifierMappingsController } from './qualifier-mappings.controller';
import { QualifierMappingsService } from './qualifier-mappings.service';
import { QualifiersController } from './qualifiers.controller';
import { QualifiersService } from './qualifiers.service';

@Module({
  imports: [OrgsModule, ConnectionsModule, MappingsModule],
  controllers: [QualifiersController, QualifierMappingsController],
  providers: [QualifiersService, QualifierMappingsService],
  exports: [QualifiersService, QualifierMappingsService],
})
export class QualifiersModule {}
