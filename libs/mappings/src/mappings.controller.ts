import { Controller, Delete, Get, Param, Post, UseGuards } from '@nestjs/common';
import { uuidParam } from '@libs/core';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { RemoteField } from '@libs/connector-sdk';
import { CurrentOrg, OrgAuthGuard, type Org } from '@libs/orgs';
import { ClearedDto, ObjectMappingDto, RemoteSchemaDto, SetDefaultsDto } from './mappings.dto';
import { MappingsService } from './mappings.service';

@ApiTags('mappings')
@ApiBearerAuth()
@UseGuards(OrgAuthGuard)
@Controller({ path: 'connections/:connectionId', version: '1' })
export class MappingsController {
  constructor(private readonly mappings: MappingsService) {}

  /** The object's rows, each with what stops it from working against the cached schema. */
  @Get('mappings/:object')
  async list(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Param('object') object: string,
  ): Promise<ObjectMappingDto> {
    return this.mappings.list(org, connectionId, object);
  }

  /** Clear object mappings. */
  @Delete('mappings/:object')
  async clear(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Param('object') object: string,
  ): Promise<ClearedDto> {
    return { removed: await this.mappings.clear(org, connectionId, object) };
  }

  /** Set Defaults: the connector's recommendations, filtered to fields the live schema has. */
  @Post('mappings/:object/defaults')
  async setDefaults(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Param('object') object: string,
  ): Promise<SetDefaultsDto> {
    return SetDefaultsDto.from(await this.mappings.setDefaults(org, connectionId, object));
  }

  /** The cached remote schema (fetched from the vendor the first time), for the field picker. */
  @Get('schema/:object')
  async schema(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Param('object') object: string,
  ): Promise<RemoteSchemaDto> {
    const connection = await this.mappings.connectionFor(org, connectionId, object);
    const cached = await this.mappings.cachedSchema(connection, object);

    return { object, fetchedAt: cached.fetchedAt.toISOString(), fields: cached.fields };
  }

  /** The remote schema, fetched live from the vendor and cached. */
  @Post('schema/:object/refresh')
  async refreshSchema(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Param('object') object: string,
  ): Promise<RemoteField[]> {
    return this.mappings.refreshSchema(org, connectionId, object);
  }
}
