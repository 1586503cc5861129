import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '@libs/core';
import { CurrentOrg, OrgAuthGuard, type Org } from '@libs/orgs';
import { DriftReportDto, UpgradeResultDto } from './mapping-defaults.dto';
import { MappingDefaultsService } from './mapping-defaults.service';
import { UpgradeDefaultsDto } from './mapping-row-input.dto';

/** Versioned recommended mappings: drift since Set Defaults, and a reviewed upgrade. */
@ApiTags('mappings')
@ApiBearerAuth()
@UseGuards(OrgAuthGuard)
@Controller({ path: 'connections/:connectionId/mappings/:object', version: '1' })
export class MappingDefaultsController {
  constructor(private readonly defaults: MappingDefaultsService) {}

  /** Rows that differ from the connector's current recommendations: changed, added, removed. */
  @Get('drift')
  async drift(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Param('object') object: string,
  ): Promise<DriftReportDto> {
    return DriftReportDto.from(await this.defaults.drift(org, connectionId, object));
  }

  /** Applies the chosen changes of the drift report. */
  @Post('upgrade')
  @HttpCode(200)
  async upgrade(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Param('object') object: string,
    @Body() body: UpgradeDefaultsDto,
  ): Promise<UpgradeResultDto> {
    return UpgradeResultDto.from(await this.defaults.upgrade(org, connectionId, object, body));
  }
}
