import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CATEGORY_CODES, type ErrorCategory } from '@libs/connector-sdk';
import { ReconciliationActionKind } from './reconciliation-action.entity';

/** The answers of the reconciliation endpoints, as the spec describes them. */

const CONNECTION_ID = '3f0c6a54-8f0e-4c8e-9a57-6d0f3c1e2b7a';
const EVENT_ID = '6a2f8c4e-9b1d-4e7a-b3c5-0d8e1f2a7b96';
const LEAD_ID = '1c9d4e7a-2b5f-4a8c-9e3d-6f0a1b2c3d45';
const SYNC_STATES = ['awaiting_enrichment', 'queued', 'in_flight', 'frozen', 'paused'];

function categoryProperty(description: string): PropertyDecorator {
  return ApiProperty({ enum: ERROR_CATEGORY_CODES, description, example: 'DATA_VALUE_VALIDATION' });
}

export class ErrorCategoryInfoDto {
  @categoryProperty('The normalised category code.')
  code: ErrorCategory;

  @ApiProperty({ description: 'A short name for it.', example: 'Value refused by the vendor' })
  title: string;

  @ApiProperty({
    description: 'What went wrong, in plain language.',
    example: 'The vendor rejected a value: an invalid email, a picklist value it does not allow…',
  })
  description: string;

  @ApiProperty({
    description: 'What the admin does about it.',
    example:
      'Fix the value in the lead, or adjust the field in the vendor or the mapping; then retry.',
  })
  fix: string;

  @ApiProperty({ description: 'Whether the host retries leads of this category.', example: false })
  retriedByHost: boolean;

  @ApiProperty({
    description: 'The whole connection is affected (re-authorise), not one lead.',
    example: false,
  })
  connectionLevel: boolean;

  @ApiProperty({
    description: 'The help page in the project.',
    example: 'docs/errors/data-value-validation.md',
  })
  helpPage: string;

  @ApiProperty({
    description: 'The help page as the API serves it (Markdown).',
    example: '/v1/error-categories/DATA_VALUE_VALIDATION/help',
  })
  helpUrl: string;
}

export class PreSyncCountsDto {
  @ApiProperty({ description: 'Every lead not synced yet.', example: 14 })
  total: number;

  @ApiProperty({ description: 'Waiting for enrichment.', example: 3 })
  awaitingEnrichment: number;

  @ApiProperty({ description: 'Queued for the next batch or a retry.', example: 8 })
  queued: number;

  @ApiProperty({ description: 'Being written now.', example: 1 })
  inFlight: number;

  @ApiProperty({ description: 'Held for a manual push.', example: 2 })
  frozen: number;

  @ApiProperty({ description: 'Held while sync is disabled or disconnected.', example: 0 })
  paused: number;
}

export class SummaryCategoryDto {
  @categoryProperty('The failure category.')
  category: ErrorCategory;

  @ApiProperty({ description: 'Its short name.', example: 'Value refused by the vendor' })
  title: string;

  @ApiProperty({ description: 'Failed leads in it.', example: 5 })
  count: number;

  @ApiProperty({ description: 'Whether its leads can be retried as they are.', example: false })
  retryable: boolean;

  @ApiProperty({
    description: 'Its help page (Markdown).',
    example: '/v1/error-categories/DATA_VALUE_VALIDATION/help',
  })
  helpUrl: string;
}

export class ReconciliationSummaryDto {
  @ApiProperty({ description: 'The connection.', example: CONNECTION_ID })
  connectionId: string;

  @ApiProperty({ description: 'Leads in the selection.', example: 120 })
  total: number;

  @ApiProperty({ description: 'Leads written to the vendor.', example: 101 })
  cleared: number;

  @ApiProperty({ description: 'Leads the vendor refused.', example: 5 })
  failed: number;

  @ApiProperty({ type: PreSyncCountsDto, description: 'Leads not synced yet, by state.' })
  preSync: PreSyncCountsDto;

  @ApiProperty({ type: [SummaryCategoryDto], description: 'Failed leads by category.' })
  failedByCategory: SummaryCategoryDto[];
}

/** The lead columns every list shows. */
export class LeadRefDto {
  @ApiProperty({ description: 'The lead.', example: LEAD_ID })
  leadId: string;

  @ApiProperty({ description: 'The event it was captured at.', example: EVENT_ID })
  eventId: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Its email.',
    example: 'bertha@fcof.net',
  })
  email: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'First and last name.',
    example: 'Bertha Boxer',
  })
  name: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Company name.',
    example: 'Farmers Coop. of Florida',
  })
  company: string | null;
}

export class FailedLeadDto extends LeadRefDto {
  @categoryProperty('Why it failed, normalised.')
  category: ErrorCategory;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The vendor's code.",
    example: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  })
  vendorCode: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The vendor's message, verbatim.",
    example: 'Industry: bad value for restricted picklist field: Agri',
  })
  vendorMessage: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The remote field involved.',
    example: 'Industry',
  })
  field: string | null;

  @ApiProperty({ description: 'When it failed.', example: '2026-11-02T09:31:00.000Z' })
  failedAt: Date;

  @ApiProperty({
    description: "The category's help page (Markdown).",
    example: '/v1/error-categories/DATA_VALUE_VALIDATION/help',
  })
  helpUrl: string;
}

export class LastErrorDto {
  @categoryProperty('The category of the last transient error.')
  category: ErrorCategory;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The vendor's code.",
    example: 'REQUEST_LIMIT_EXCEEDED',
  })
  vendorCode: string | null;
}

export class PreSyncLeadDto extends LeadRefDto {
  @ApiProperty({ enum: SYNC_STATES, description: 'Its pre-sync state.', example: 'queued' })
  state: string;

  @ApiProperty({
    description: 'Why it waits, in plain language.',
    example: 'Queued; it syncs with the next batch.',
  })
  reason: string;

  @ApiProperty({ description: 'When it is due to sync.', example: '2026-11-02T09:35:00.000Z' })
  dueAt: Date;

  @ApiProperty({ description: 'Sync attempts so far.', example: 0 })
  attempts: number;

  @ApiProperty({
    type: LastErrorDto,
    nullable: true,
    description: 'The last transient error, when the lead waits for a retry.',
  })
  lastError: LastErrorDto | null;
}

export class ClearedLeadDto extends LeadRefDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Remote object → id of the record written.',
    example: { Lead: '00Q5g00000AbCdEAAV' },
  })
  remoteIds: Record<string, string>;

  @ApiProperty({
    type: Date,
    nullable: true,
    description: 'When it was written.',
    example: '2026-11-02T09:31:00.000Z',
  })
  syncedAt: Date | null;
}

/** One page of a list; `total` counts every match. */
class PageDto {
  @ApiProperty({ description: 'Matches in the whole list.', example: 1 })
  total: number;

  @ApiProperty({ description: 'The page size asked for.', example: 50 })
  limit: number;

  @ApiProperty({ description: 'How many matches were skipped.', example: 0 })
  offset: number;
}

export class FailedLeadPageDto extends PageDto {
  @ApiProperty({ type: [FailedLeadDto], description: 'The failed leads, newest first.' })
  items: FailedLeadDto[];
}

export class PreSyncLeadPageDto extends PageDto {
  @ApiProperty({ type: [PreSyncLeadDto], description: 'The waiting leads.' })
  items: PreSyncLeadDto[];
}

export class ClearedLeadPageDto extends PageDto {
  @ApiProperty({ type: [ClearedLeadDto], description: 'The cleared leads.' })
  items: ClearedLeadDto[];
}

export class VendorCodeCountDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The vendor's code.",
    example: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  })
  vendorCode: string | null;

  @ApiProperty({ description: 'Failed leads with it.', example: 4 })
  count: number;
}

export class FailedCategoryGroupDto extends ErrorCategoryInfoDto {
  @ApiProperty({ description: 'Failed leads in the category.', example: 5 })
  count: number;

  @ApiProperty({
    type: [VendorCodeCountDto],
    description: 'The vendor codes behind the count, most frequent first.',
  })
  vendorCodes: VendorCodeCountDto[];
}

export class CategoryCountDto {
  @categoryProperty('The failure category.')
  category: ErrorCategory;

  @ApiProperty({ description: 'Failed leads in it.', example: 3 })
  count: number;
}

export class FailedEventGroupDto {
  @ApiProperty({ description: 'The event.', example: EVENT_ID })
  eventId: string;

  @ApiProperty({ description: 'Its name.', example: 'Dreamforce 2026' })
  eventName: string;

  @ApiProperty({ description: 'Failed leads captured at it.', example: 5 })
  count: number;

  @ApiProperty({ type: [CategoryCountDto], description: 'The same leads by category.' })
  byCategory: CategoryCountDto[];
}

export class RetrySelectionDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'The leads selected.',
    example: [LEAD_ID],
  })
  leadIds?: string[];

  @ApiPropertyOptional({
    enum: ERROR_CATEGORY_CODES,
    description: 'The category selected.',
    example: 'DATA_VALUE_VALIDATION',
  })
  category?: string;

  @ApiPropertyOptional({ description: 'The event selected.', example: EVENT_ID })
  eventId?: string;
}

export class ActionProgressDto {
  @ApiProperty({ description: 'The action id.', example: '0f7e3d2c-1b4a-4c9e-8d6f-5a2b3c4d5e6f' })
  id: string;

  @ApiProperty({
    enum: ReconciliationActionKind,
    description: 'What the action does.',
    example: ReconciliationActionKind.Retry,
  })
  kind: ReconciliationActionKind;

  @ApiProperty({ description: 'The connection.', example: CONNECTION_ID })
  connectionId: string;

  @ApiProperty({ type: RetrySelectionDto, description: 'What the admin selected.' })
  selection: RetrySelectionDto;

  @ApiProperty({ description: 'When it was started.', example: '2026-11-02T09:40:00.000Z' })
  createdAt: Date;

  @ApiProperty({ description: 'Leads the action moved back to the queue.', example: 5 })
  total: number;

  @ApiProperty({ description: 'Of those, written since.', example: 3 })
  cleared: number;

  @ApiProperty({ description: 'Of those, refused again.', example: 1 })
  failed: number;

  @ApiProperty({ description: 'Of those, still waiting or being written.', example: 1 })
  pending: number;

  @ApiProperty({ description: 'Whether every lead has an outcome.', example: false })
  done: boolean;
}
