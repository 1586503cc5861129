import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, ApiUuidParam, StaffOnly, uuidParam, type Principal } from '@libs/core';
import { CurrentPrincipal } from '@libs/orgs';
import { ShadowRunsService } from './shadow-runs.service';
import {
  ShadowReportDto,
  ShadowReportQueryDto,
  ShadowRunDto,
  StartShadowRunDto,
} from './shadow.dto';

/** Shadow mode: staff compare an org's new configuration with what its legacy integration wrote. */
@ApiTags('shadow')
@ApiBearerAuth()
@StaffOnly()
@ApiProblems(401, 403, 404, 422, 429)
@ApiUuidParam('orgId', 'The org id.')
@Controller({ path: 'orgs/:orgId/shadow-runs', version: '1' })
export class ShadowController {
  constructor(private readonly shadow: ShadowRunsService) {}

  /** Starts a shadow run over the leads legacy synced in a window; it runs in the background. */
  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: "Run the org's new configuration in shadow over legacy's leads (staff only).",
  })
  @ApiAcceptedResponse({ type: ShadowRunDto, description: 'The run, queued; follow its progress.' })
  @ApiProblems(400, 415)
  async start(
    @CurrentPrincipal() actor: Principal,
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @Body() body: StartShadowRunDto,
  ): Promise<ShadowRunDto> {
    return this.shadow.start(orgId, body, actor);
  }

  @Get()
  @ApiOperation({ summary: "List the org's shadow runs, newest first (staff only)." })
  @ApiOkResponse({ type: [ShadowRunDto] })
  async list(@Param('orgId', uuidParam('orgId')) orgId: string): Promise<ShadowRunDto[]> {
    return this.shadow.list(orgId);
  }

  @Get(':runId')
  @ApiOperation({ summary: 'Follow a shadow run: status and leads compared (staff only).' })
  @ApiUuidParam('runId', 'The shadow run id.')
  @ApiOkResponse({ type: ShadowRunDto })
  async get(
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @Param('runId', uuidParam('runId')) runId: string,
  ): Promise<ShadowRunDto> {
    return this.shadow.get(orgId, runId);
  }

  /** Per lead the differing fields, target object, matched record and failure; and a summary. */
  @Get(':runId/report')
  @ApiOperation({
    summary: 'Diff report: per lead what the new platform would write differently (staff only).',
  })
  @ApiUuidParam('runId', 'The shadow run id.')
  @ApiOkResponse({ type: ShadowReportDto })
  async report(
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @Param('runId', uuidParam('runId')) runId: string,
    @Query() query: ShadowReportQueryDto,
  ): Promise<ShadowReportDto> {
    return this.shadow.report(orgId, runId, query);
  }
}
