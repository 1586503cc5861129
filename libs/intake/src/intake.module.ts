import { Module } from '@nestjs/common';
import { OrgsModule } from '@libs/orgs';
import { IntakeService } from './intake.service';
import { LeadsController } from './leads.controller';

@Module({
  imports: [OrgsModule],
  controllers: [LeadsController],
  providers: [IntakeService],
  exports: [IntakeService],
})
export class IntakeModule {}
