import { Body, Controller, Delete, Get, HttpCode, Param, Put, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, ApiUuidParam, uuidParam } from '@libs/core';
import { CurrentOrg, OrgAuthGuard, type Org } from '@libs/orgs';
import {
  PutQualifierMappingDto,
  QualifierMappingEntryDto,
  QualifierMappingsDto,
} from './qualifier-mappings.dto';
import { QualifierMappingsService } from './qualifier-mappings.service';

const OBJECT = {
  name: 'object',
  description: "One of the connector's objects: `Lead`, `contacts`, `leads`…",
  example: 'Lead',
};

/** The Qualifiers tab of a connection: where each qualifier's answers are written. */
@ApiTags('qualifiers')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@UseGuards(OrgAuthGuard)
@Controller({ path: 'connections/:connectionId/qualifier-mappings/:object', version: '1' })
export class QualifierMappingsController {
  constructor(private readonly mappings: QualifierMappingsService) {}

  @Get()
  @ApiOperation({
    summary: "Every qualifier with the connection's mapping of it and what stops it working.",
  })
  @ApiUuidParam('connectionId', 'The connection id.')
  @ApiParam(OBJECT)
  @ApiOkResponse({ type: QualifierMappingsDto })
  @ApiProblems(404, 422, 502)
  async list(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Param('object') object: string,
  ): Promise<QualifierMappingsDto> {
    return this.mappings.list(org, connectionId, object);
  }

  @Put(':qualifierId')
  @ApiOperation({
    summary: "Map a qualifier to a remote field, and its values to the field's options.",
  })
  @ApiUuidParam('connectionId', 'The connection id.')
  @ApiParam(OBJECT)
  @ApiUuidParam('qualifierId', 'The qualifier id.')
  @ApiOkResponse({ type: QualifierMappingEntryDto })
  @ApiProblems(400, 404, 409, 415, 422, 502)
  async put(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Param('object') object: string,
    @Param('qualifierId', uuidParam('qualifierId')) qualifierId: string,
    @Body() body: PutQualifierMappingDto,
  ): Promise<QualifierMappingEntryDto> {
    return this.mappings.put(org, connectionId, object, qualifierId, body);
  }

  @Delete(':qualifierId')
  @HttpCode(204)
  @ApiOperation({ summary: "Remove a qualifier's mapping: its answers then fail NO_TAG_MAPPING." })
  @ApiUuidParam('connectionId', 'The connection id.')
  @ApiParam(OBJECT)
  @ApiUuidParam('qualifierId', 'The qualifier id.')
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiProblems(404, 422)
  async remove(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Param('object') object: string,
    @Param('qualifierId', uuidParam('qualifierId')) qualifierId: string,
  ): Promise<void> {
    await this.mappings.remove(org, connectionId, object, qualifierId);
  }
}
