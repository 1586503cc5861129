import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { uuidParam } from '@libs/core';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsUUID, MaxDate, MinDate } from 'class-validator';
import { CurrentOrg, OrgAuthGuard, type Org } from '@libs/orgs';
import { ReconciliationService, type ReconciliationSummary } from './reconciliation.service';

export class SummaryQueryDto {
  @ApiPropertyOptional({ description: 'Leads captured at or after this time.' })
  @IsOptional()
  @Type(() => Date)
  @MaxDate(new Date('2100-01-01T00:00:00Z'))
  @MinDate(new Date('1970-01-01T00:00:00Z'))
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ description: 'Leads captured before this time.' })
  @IsOptional()
  @Type(() => Date)
  @MaxDate(new Date('2100-01-01T00:00:00Z'))
  @MinDate(new Date('1970-01-01T00:00:00Z'))
  @IsDate()
  to?: Date;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  eventId?: string;
}

@ApiTags('reconciliation')
@ApiBearerAuth()
@UseGuards(OrgAuthGuard)
@Controller({ path: 'connections/:connectionId/reconciliation', version: '1' })
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  /** Cleared, Failed and Pre-Sync counts, and Failed grouped by category. */
  @Get('summary')
  async summary(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Query() query: SummaryQueryDto,
  ): Promise<ReconciliationSummary> {
    return this.reconciliation.summary(org, connectionId, query);
  }
}
