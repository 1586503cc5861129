import { Body, Controller, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiProblems, ApiUuidParam, uuidParam } from '@libs/core';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentOrg, OrgAuthGuard, type Org } from '@libs/orgs';
import { ReconciliationActionsService } from './reconciliation-actions.service';
import { ReconciliationListsService } from './reconciliation-lists.service';
import { ReconciliationService } from './reconciliation.service';
import {
  ActionProgressDto,
  ClearedLeadPageDto,
  FailedCategoryGroupDto,
  FailedEventGroupDto,
  FailedLeadPageDto,
  PreSyncLeadPageDto,
  ReconciliationSummaryDto,
} from './reconciliation-views.dto';
import {
  FailedGroupQueryDto,
  LeadListQueryDto,
  RetryDto,
  SummaryQueryDto,
} from './reconciliation.dto';

@ApiTags('reconciliation')
@ApiBearerAuth()
@ApiProblems(401, 403, 404, 422, 429)
@ApiUuidParam('connectionId', 'The connection id.')
@UseGuards(OrgAuthGuard)
@Controller({ path: 'connections/:connectionId/reconciliation', version: '1' })
export class ReconciliationController {
  constructor(
    private readonly reconciliation: ReconciliationService,
    private readonly lists: ReconciliationListsService,
    private readonly actions: ReconciliationActionsService,
  ) {}

  /** Cleared, Failed and Pre-Sync counts, and Failed grouped by category. */
  @Get('summary')
  @ApiOperation({ summary: 'Count Cleared, Failed and Pre-Sync leads, and Failed by category.' })
  @ApiOkResponse({ type: ReconciliationSummaryDto })
  async summary(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Query() query: SummaryQueryDto,
  ): Promise<ReconciliationSummaryDto> {
    return this.reconciliation.summary(org, connectionId, query);
  }

  /** Failed leads, newest first: category, the vendor's code and message, the field. */
  @Get('failed')
  @ApiOperation({ summary: 'List failed leads, newest first, with the vendor error.' })
  @ApiOkResponse({ type: FailedLeadPageDto })
  async failed(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Query() query: LeadListQueryDto,
  ): Promise<FailedLeadPageDto> {
    return this.lists.failed(org, connectionId, query);
  }

  /** Failed leads grouped by category, with the fix, the help link and the vendor codes. */
  @Get('failed/by-category')
  @ApiOperation({ summary: 'Group failed leads by category, with the fix and the vendor codes.' })
  @ApiOkResponse({ type: [FailedCategoryGroupDto] })
  async failedByCategory(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Query() query: FailedGroupQueryDto,
  ): Promise<FailedCategoryGroupDto[]> {
    return this.lists.failedByCategory(org, connectionId, query);
  }

  /** Failed leads grouped by event. */
  @Get('failed/by-event')
  @ApiOperation({ summary: 'Group failed leads by event.' })
  @ApiOkResponse({ type: [FailedEventGroupDto] })
  async failedByEvent(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Query() query: FailedGroupQueryDto,
  ): Promise<FailedEventGroupDto[]> {
    return this.lists.failedByEvent(org, connectionId, query);
  }

  /** Leads not synced yet, each with the reason it waits. */
  @Get('pre-sync')
  @ApiOperation({ summary: 'List leads not synced yet, each with the reason it waits.' })
  @ApiOkResponse({ type: PreSyncLeadPageDto })
  async preSync(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Query() query: LeadListQueryDto,
  ): Promise<PreSyncLeadPageDto> {
    return this.lists.preSync(org, connectionId, query);
  }

  /** Cleared leads with their remote ids and sync time. */
  @Get('cleared')
  @ApiOperation({ summary: 'List cleared leads with their remote ids and sync time.' })
  @ApiOkResponse({ type: ClearedLeadPageDto })
  async cleared(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Query() query: LeadListQueryDto,
  ): Promise<ClearedLeadPageDto> {
    return this.lists.cleared(org, connectionId, query);
  }

  /** Retries failed leads: a selection, a category or an event. Returns the action to follow. */
  @Post('retry')
  @ApiOperation({ summary: 'Retry failed leads (a selection, a category or an event).' })
  @ApiCreatedResponse({ type: ActionProgressDto, description: 'The retry, to follow.' })
  @ApiProblems(400, 415)
  async retry(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Body() body: RetryDto,
  ): Promise<ActionProgressDto> {
    return this.actions.retry(org, connectionId, body);
  }

  /** Progress of a retry or a push: how many of its leads cleared, failed or still wait. */
  @Get('actions/:actionId')
  @ApiOperation({
    summary: 'Follow a retry or a push: how many of its leads cleared, failed or wait.',
  })
  @ApiUuidParam('actionId', 'The action id, from the retry or push answer.')
  @ApiOkResponse({ type: ActionProgressDto })
  async action(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Param('actionId', uuidParam('actionId')) actionId: string,
  ): Promise<ActionProgressDto> {
    return this.actions.progress(org, connectionId, actionId);
  }
}
