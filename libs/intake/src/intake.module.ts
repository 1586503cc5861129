import { Module } from '@nestjs/common';
import { OrgsModule } from '@libs/orgs';
import { QualifiersModule } from '@libs/qualifiers';
import { IntakeService } from './intake.service';
import { LeadsController } from './leads.controller';

@Module({
  imports: [OrgsModule, QualifiersModule],
  controllers: [LeadsController],
  providers: [IntakeService],
  exports: [IntakeService],
})
export class IntakeModule {}
