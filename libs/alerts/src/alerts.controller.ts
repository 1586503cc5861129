import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '@libs/core';
import { CurrentOrg, OrgAuthGuard, type Org } from '@libs/orgs';
import { AlertsService, type DigestRun } from './alerts.service';
import { CreateNotificationRuleDto, toDto, type NotificationRuleDto } from './alerts.dto';

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
