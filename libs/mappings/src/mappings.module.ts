import { Module } from '@nestjs/common';
import { ConnectionsModule } from '@libs/connections';
import { OrgsModule } from '@libs/orgs';
import { MappingChanges } from './mapping-changes';
import { MappingDefaultsController } from './mapping-defaults.controller';
import { MappingDefaultsService } from './mapping-defaults.service';
import { MappingRowsController } from './mapping-rows.controller';
import { MappingRowsService } from './mapping-rows.service';
import { MappingsController } from './mappings.controller';
import { MappingsService } from './mappings.service';
import { MoblyFieldsController } from './mobly-fields.controller';

@Module({
  imports: [OrgsModule, ConnectionsModule],
  controllers: [
    MappingsController,
    MappingRowsController,
    MappingDefaultsController,
    MoblyFieldsController,
  ],
  providers: [MappingsService, MappingRowsService, MappingDefaultsService, MappingChanges],
  exports: [MappingsService, MappingChanges],
})
export class MappingsModule {}
