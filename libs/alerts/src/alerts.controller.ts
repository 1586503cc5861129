import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
} from 'class-validator';
import { uuidParam } from '@libs/core';
import { CurrentOrg, OrgAuthGuard, type Org } from '@libs/orgs';
import { AlertsService, type DigestRun } from './alerts.service';
import { DigestPeriod, type NotificationRule } from './notification-rule.entity';

export class CreateNotificationRuleDto {
  @ApiProperty({ description: 'The messaging (Slack) connection that posts the digest.' })
  @IsUUID()
  connectionId: string;

  @ApiProperty({ enum: DigestPeriod, example: DigestPeriod.Hourly })
  @IsEnum(DigestPeriod)
  period: DigestPeriod;

  @ApiPropertyOptional({
    description: "Channel id to post in; the connection's channel when left out.",
    example: 'C07SYNCERR1',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z0-9]{9,20}$/, { message: 'channel must be a Slack channel id, e.g. C07SYNCERR1' })
  channel?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Connections whose errors to report; every other connection when left out.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  watchedConnectionIds?: string[];
}

export interface NotificationRuleDto {
  id: string;
  kind: string;
  connectionId: string;
  period: DigestPeriod;
  channel: string | null;
  watchedConnectionIds: string[];
  lastRunAt: Date | null;
}

function toDto(rule: NotificationRule): NotificationRuleDto {
  return {
    id: rule.id,
    kind: rule.kind,
    connectionId: rule.connection.id,
    period: rule.period,
    channel: rule.channel ?? null,
    watchedConnectionIds: rule.watchedConnectionIds,
    lastRunAt: rule.lastRunAt ?? null,
  };
}

@ApiTags('alerts')
@ApiBearerAuth()
@UseGuards(OrgAuthGuard)
@Controller({ path: 'notification-rules', version: '1' })
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  /** A Slack digest of new sync errors, grouped by category, hourly or daily. */
  @Post()
  async create(
    @CurrentOrg() org: Org,
    @Body() body: CreateNotificationRuleDto,
  ): Promise<NotificationRuleDto> {
    return toDto(await this.alerts.create(org, body));
  }

  @Get()
  async list(@CurrentOrg() org: Org): Promise<NotificationRuleDto[]> {
    return (await this.alerts.list(org)).map(toDto);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentOrg() org: Org, @Param('id', uuidParam('id')) id: string): Promise<void> {
    await this.alerts.remove(org, id);
  }

  /** Posts the digest now for the errors since the last one, without waiting for the period. */
  @Post(':id/run')
  @HttpCode(200)
  async run(@CurrentOrg() org: Org, @Param('id', uuidParam('id')) id: string): Promise<DigestRun> {
    return this.alerts.runNow(org, id);
  }
}
