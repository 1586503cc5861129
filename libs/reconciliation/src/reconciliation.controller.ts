import { Body, Controller, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { uuidParam } from '@libs/core';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentOrg, OrgAuthGuard, type Org } from '@libs/orgs';
import {
  ReconciliationActionsService,
  type ActionProgress,
} from './reconciliation-actions.service';
import {
  ReconciliationListsService,
  type ClearedLead,
  type FailedCategoryGroup,
  type FailedEventGroup,
  type FailedLead,
  type Page,
  type PreSyncLead,
} from './reconciliation-lists.service';
import { ReconciliationService, type ReconciliationSummary } from './reconciliation.service';
import {
  FailedGroupQueryDto,
  LeadListQueryDto,
  RetryDto,
  SummaryQueryDto,
} from './reconciliation.dto';

@ApiTags('reconciliation')
@ApiBearerAuth()
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
  async summary(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Query() query: SummaryQueryDto,
  ): Promise<ReconciliationSummary> {
    return this.reconciliation.summary(org, connectionId, query);
  }

  /** Failed leads, newest first: category, the vendor's code and message, the field. */
  @Get('failed')
  async failed(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Query() query: LeadListQueryDto,
  ): Promise<Page<FailedLead>> {
    return this.lists.failed(org, connectionId, query);
  }

  /** Failed leads grouped by category, with the fix, the help link and the vendor codes. */
  @Get('failed/by-category')
  async failedByCategory(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Query() query: FailedGroupQueryDto,
  ): Promise<FailedCategoryGroup[]> {
    return this.lists.failedByCategory(org, connectionId, query);
  }

  /** Failed leads grouped by event. */
  @Get('failed/by-event')
  async failedByEvent(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Query() query: FailedGroupQueryDto,
  ): Promise<FailedEventGroup[]> {
    return this.lists.failedByEvent(org, connectionId, query);
  }

  /** Leads not synced yet, each with the reason it waits. */
  @Get('pre-sync')
  async preSync(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Query() query: LeadListQueryDto,
  ): Promise<Page<PreSyncLead>> {
    return this.lists.preSync(org, connectionId, query);
  }

  /** Cleared leads with their remote ids and sync time. */
  @Get('cleared')
  async cleared(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Query() query: LeadListQueryDto,
  ): Promise<Page<ClearedLead>> {
    return this.lists.cleared(org, connectionId, query);
  }

  /** Retries failed leads: a selection, a category or an event. Returns the action to follow. */
  @Post('retry')
  async retry(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Body() body: RetryDto,
  ): Promise<ActionProgress> {
    return this.actions.retry(org, connectionId, body);
  }

  /** Progress of a retry: how many of its leads cleared, failed again or still wait. */
  @Get('actions/:actionId')
  async action(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Param('actionId', uuidParam('actionId')) actionId: string,
  ): Promise<ActionProgress> {
    return this.actions.progress(org, connectionId, actionId);
  }
}
