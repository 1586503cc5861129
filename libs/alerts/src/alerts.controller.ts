import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, ApiUuidParam, uuidParam } from '@libs/core';
import { CurrentOrg, OrgAuthGuard, type Org } from '@libs/orgs';
import { AlertsService } from './alerts.service';
import { CreateNotificationRuleDto, DigestRunDto, NotificationRuleDto, toDto } from './alerts.dto';

@ApiTags('alerts')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@UseGuards(OrgAuthGuard)
@Controller({ path: 'notification-rules', version: '1' })
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  /** A Slack digest of new sync errors, grouped by category, hourly or daily. */
  @Post()
  @ApiOperation({ summary: 'Create a notification rule: a Slack error digest or a lead alert.' })
  @ApiCreatedResponse({ type: NotificationRuleDto })
  @ApiProblems(400, 404, 415, 422)
  async create(
    @CurrentOrg() org: Org,
    @Body() body: CreateNotificationRuleDto,
  ): Promise<NotificationRuleDto> {
    return toDto(await this.alerts.create(org, body));
  }

  @Get()
  @ApiOperation({ summary: "List the org's notification rules." })
  @ApiOkResponse({ type: [NotificationRuleDto] })
  async list(@CurrentOrg() org: Org): Promise<NotificationRuleDto[]> {
    return (await this.alerts.list(org)).map(toDto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a notification rule.' })
  @ApiUuidParam('id', 'The rule id.')
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(404, 422)
  async remove(@CurrentOrg() org: Org, @Param('id', uuidParam('id')) id: string): Promise<void> {
    await this.alerts.remove(org, id);
  }

  /** Posts the digest now for the errors since the last one, without waiting for the period. */
  @Post(':id/run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Post a digest now for the errors since the last one.' })
  @ApiUuidParam('id', 'The rule id (a digest rule).')
  @ApiOkResponse({ type: DigestRunDto })
  @ApiProblems(404, 409, 422)
  async run(
    @CurrentOrg() org: Org,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<DigestRunDto> {
    return this.alerts.runNow(org, id);
  }
}
