import { Body, Controller, Get, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiProblems, ApiUuidParam, uuidParam, type Principal } from '@libs/core';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ConnectionDto, ConnectionsService } from '@libs/connections';
import { LEGACY_LEAD_FIELDS } from '@libs/leads';
import { CurrentOrg, CurrentPrincipal, OrgAuthGuard, type Org } from '@libs/orgs';
import {
  CreateLegacyConnectionDto,
  LegacyConfigurationDto,
  LegacyFieldDto,
  LegacyPanelDto,
  LegacyPanelInputDto,
} from './legacy.dto';
import { LegacyService } from './legacy.service';

@ApiTags('legacy')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@UseGuards(OrgAuthGuard)
@Controller({ path: 'legacy', version: '1' })
export class LegacyController {
  constructor(
    private readonly legacy: LegacyService,
    private readonly connections: ConnectionsService,
  ) {}

  @Post('connections')
  @ApiOperation({
    summary: 'Connect a legacy integration with its direct credentials, then test them.',
  })
  @ApiCreatedResponse({ type: ConnectionDto })
  @ApiProblems(400, 404, 415, 422)
  async create(
    @CurrentOrg() org: Org,
    @CurrentPrincipal() actor: Principal,
    @Body() body: CreateLegacyConnectionDto,
  ): Promise<ConnectionDto> {
    const connection = await this.legacy.create(org, body, actor);

    return this.connections.view(await this.connections.get(org, connection.id));
  }

  @Get('fields')
  @ApiOperation({ summary: 'The legacy Mobly field names a panel may use, with their fields now.' })
  @ApiOkResponse({ type: [LegacyFieldDto] })
  fields(): LegacyFieldDto[] {
    return Object.entries(LEGACY_LEAD_FIELDS).map(([name, path]) => ({ name, path }));
  }

  @Get('connections/:id/configuration')
  @ApiOperation({ summary: "A legacy connection's panels, in the legacy configuration shape." })
  @ApiUuidParam('id', 'The legacy connection id.')
  @ApiOkResponse({ type: LegacyConfigurationDto })
  @ApiProblems(404, 422)
  async configuration(
    @CurrentOrg() org: Org,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<LegacyConfigurationDto> {
    return { objects: await this.legacy.configuration(org, id) };
  }

  @Get('connections/:id/panels/:object')
  @ApiOperation({ summary: "One object's mapping panel of a legacy connection." })
  @ApiUuidParam('id', 'The legacy connection id.')
  @ApiParam({ name: 'object', description: 'The remote object.', example: 'Lead' })
  @ApiOkResponse({ type: LegacyPanelDto })
  @ApiProblems(404, 422)
  async panel(
    @CurrentOrg() org: Org,
    @Param('id', uuidParam('id')) id: string,
    @Param('object') object: string,
  ): Promise<LegacyPanelDto> {
    return { object, fields: await this.legacy.panel(org, id, object) };
  }

  @Put('connections/:id/panels/:object')
  @ApiOperation({
    summary: "Save one object's whole mapping panel; it replaces the object's mapping.",
  })
  @ApiUuidParam('id', 'The legacy connection id.')
  @ApiParam({ name: 'object', description: 'The remote object.', example: 'Lead' })
  @ApiOkResponse({ type: LegacyPanelDto })
  @ApiProblems(400, 404, 415, 422)
  async savePanel(
    @CurrentOrg() org: Org,
    @Param('id', uuidParam('id')) id: string,
    @Param('object') object: string,
    @Body() body: LegacyPanelInputDto,
  ): Promise<LegacyPanelDto> {
    return { object, fields: await this.legacy.savePanel(org, id, object, body.fields) };
  }
}
