import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, uuidParam } from '@libs/core';
import { CurrentOrg, OrgAuthGuard, type Org } from '@libs/orgs';
import { ifMatchVersion, setEtag } from './etag';
import { CreateMappingRowDto, UpdateMappingRowDto } from './mapping-row-input.dto';
import { MappingRowsService } from './mapping-rows.service';
import { MappingRowDto } from './mappings.dto';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The ETag of the row as read; or send `version`. A stale one answers 409.',
};

/** One mapping row per request, saved at once, with optimistic concurrency on its version. */
@ApiTags('mappings')
@ApiBearerAuth()
@UseGuards(OrgAuthGuard)
@Controller({ path: 'connections/:connectionId/mappings/:object/rows', version: '1' })
export class MappingRowsController {
  constructor(private readonly rows: MappingRowsService) {}

  @Post()
  async create(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Param('object') object: string,
    @Body() body: CreateMappingRowDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MappingRowDto> {
    const row = await this.rows.create(org, connectionId, object, body);
    setEtag(response, row.version);

    return MappingRowDto.from(row);
  }

  @Get(':rowId')
  async get(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Param('object') object: string,
    @Param('rowId', uuidParam('rowId')) rowId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MappingRowDto> {
    const row = await this.rows.get(org, connectionId, object, rowId);
    setEtag(response, row.version);

    return MappingRowDto.from(row);
  }

  @Patch(':rowId')
  @ApiHeader(IF_MATCH)
  async update(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Param('object') object: string,
    @Param('rowId', uuidParam('rowId')) rowId: string,
    @Body() body: UpdateMappingRowDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MappingRowDto> {
    const row = await this.rows.update(
      org,
      connectionId,
      object,
      rowId,
      body,
      ifMatchVersion(ifMatch),
    );
    setEtag(response, row.version);

    return MappingRowDto.from(row);
  }

  @Delete(':rowId')
  @HttpCode(204)
  @ApiHeader(IF_MATCH)
  @ApiQuery({ name: 'version', required: false, type: Number })
  async remove(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Param('object') object: string,
    @Param('rowId', uuidParam('rowId')) rowId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Query('version') version: string | undefined,
  ): Promise<void> {
    const fromHeader = ifMatchVersion(ifMatch);
    const fromQuery = version === undefined ? undefined : Number(version);
    if (fromQuery !== undefined && !(Number.isInteger(fromQuery) && fromQuery >= 1)) {
      throw DomainError.invalid([{ field: 'version', message: 'must be a positive integer' }]);
    }
    if (fromHeader !== undefined && fromQuery !== undefined && fromHeader !== fromQuery) {
      throw DomainError.invalid([{ field: 'version', message: 'differs from If-Match' }]);
    }
    await this.rows.remove(org, connectionId, object, rowId, fromHeader ?? fromQuery);
  }
}
