import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems, ApiUuidParam, uuidParam, type Principal } from '@libs/core';
import { CurrentOrg, CurrentPrincipal, OrgAuthGuard, type Org } from '@libs/orgs';
import {
  AppliedDraftDto,
  ApplyLegacyMappingDto,
  ImportLegacyMappingDto,
  LegacyMappingDraftDto,
} from './mapping-draft.dto';
import { LegacyMappingDraftsService } from './mapping-draft.service';

/** The opt-in import of the legacy mapping panels as a draft on a new platform connection. */
@ApiTags('legacy')
@ApiBearerAuth()
@ApiProblems(401, 403, 404, 429)
@ApiUuidParam('connectionId', 'The new platform connection.')
@UseGuards(OrgAuthGuard)
@Controller({ path: 'connections/:connectionId/legacy-mapping-draft', version: '1' })
export class LegacyMappingDraftController {
  constructor(private readonly drafts: LegacyMappingDraftsService) {}

  @Post()
  @ApiOperation({
    summary: "Import the legacy integration's panels as a draft mapping, for review (not applied).",
  })
  @ApiCreatedResponse({ type: LegacyMappingDraftDto })
  @ApiProblems(400, 409, 415, 422, 502)
  async import(
    @CurrentOrg() org: Org,
    @CurrentPrincipal() actor: Principal,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Body() body: ImportLegacyMappingDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LegacyMappingDraftDto> {
    const draft = await this.drafts.import(org, connectionId, body ?? {}, actor);
    response.setHeader('ETag', draft.etag);

    return draft;
  }

  @Get()
  @ApiOperation({ summary: 'Review the draft: each row checked and compared with the mapping.' })
  @ApiOkResponse({ type: LegacyMappingDraftDto })
  @ApiProblems(502)
  async review(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LegacyMappingDraftDto> {
    const draft = await this.drafts.review(org, connectionId);
    response.setHeader('ETag', draft.etag);

    return draft;
  }

  @Post('apply')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Apply the draft, or chosen rows of it, to the live mapping, as reviewed.',
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag of the draft as reviewed; or send `etag`. A stale one answers 409.',
  })
  @ApiOkResponse({ type: AppliedDraftDto })
  @ApiProblems(400, 409, 415, 422, 428, 502)
  async apply(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Body() body: ApplyLegacyMappingDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<AppliedDraftDto> {
    return this.drafts.apply(org, connectionId, body ?? {}, ifMatch);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Discard the draft; the mapping is not touched.' })
  @ApiNoContentResponse({ description: 'Discarded.' })
  async discard(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
  ): Promise<void> {
    await this.drafts.discard(org, connectionId);
  }
}
