import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Max,
  MaxDate,
  Min,
  MinDate,
} from 'class-validator';
import type { IntegrationCategory } from '@libs/connector-sdk';
import { IsIsoDateTime } from '@libs/core';
import { ShadowOutcome, type ShadowResult } from './shadow-result.entity';
import { ShadowRunStatus, type ShadowRun } from './shadow-run.entity';

const RUN_ID = '5b8e2f1a-3c4d-4e6f-9a0b-1c2d3e4f5a6b';
const CONNECTION_ID = '3f0c6a54-8f0e-4c8e-9a57-6d0f3c1e2b7a';
const LEAD_ID = '8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a';
const SHADOW_CATEGORIES = ['crm', 'marketing_automation'] as const;
const MIN_DATE = new Date('1970-01-01T00:00:00Z');
const MAX_DATE = new Date('2100-01-01T00:00:00Z');

export class StartShadowRunDto {
  @ApiPropertyOptional({
    enum: SHADOW_CATEGORIES,
    description:
      "The category whose legacy and new connections are compared (the org's one of each). " +
      'Give it or `connectionId`.',
    example: 'crm',
  })
  @IsOptional()
  @IsIn(SHADOW_CATEGORIES)
  category?: IntegrationCategory;

  @ApiPropertyOptional({
    description: 'The new platform connection to run in shadow (its category is then implied).',
    example: CONNECTION_ID,
  })
  @IsOptional()
  @IsUUID()
  connectionId?: string;

  @ApiPropertyOptional({
    description: 'The legacy connection to compare with, when the org has several.',
    example: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  })
  @IsOptional()
  @IsUUID()
  legacyConnectionId?: string;

  @ApiPropertyOptional({
    description: 'Leads the legacy connection synced at or after this time.',
    example: '2026-11-01T00:00:00Z',
  })
  @IsOptional()
  @MaxDate(MAX_DATE)
  @MinDate(MIN_DATE)
  @IsIsoDateTime()
  from?: Date;

  @ApiPropertyOptional({
    description: 'Leads the legacy connection synced before this time (default: now).',
    example: '2026-12-01T00:00:00Z',
  })
  @IsOptional()
  @MaxDate(MAX_DATE)
  @MinDate(MIN_DATE)
  @IsIsoDateTime()
  to?: Date;

  @ApiPropertyOptional({
    description: 'Only leads captured at this event.',
    example: '6a2f8c4e-9b1d-4e7a-b3c5-0d8e1f2a7b96',
  })
  @IsOptional()
  @IsUUID()
  eventId?: string;
}

export class ShadowReportQueryDto {
  @ApiPropertyOptional({
    enum: ShadowOutcome,
    description: 'Only leads with this outcome.',
    example: ShadowOutcome.Differs,
  })
  @IsOptional()
  @IsEnum(ShadowOutcome)
  outcome?: ShadowOutcome;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 500,
    default: 100,
    description: 'How many leads to return.',
    example: 100,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 100;

  @ApiPropertyOptional({
    minimum: 0,
    default: 0,
    description: 'How many leads to skip.',
    example: 0,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset: number = 0;
}

export class ShadowRunDto {
  @ApiProperty({ description: 'The shadow run id.', example: RUN_ID })
  id: string;

  @ApiProperty({ description: 'The org.', example: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' })
  orgId: string;

  @ApiProperty({ description: 'The category compared.', example: 'crm' })
  category: string;

  @ApiProperty({
    description: 'The legacy connection, whose writes are the reference.',
    example: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  })
  legacyConnectionId: string;

  @ApiProperty({
    description: 'The new connection, run in shadow (it writes nothing).',
    example: CONNECTION_ID,
  })
  newConnectionId: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Leads synced by legacy at or after this time.',
    example: '2026-11-01T00:00:00.000Z',
  })
  from: Date | null;

  @ApiProperty({
    description: 'Leads synced by legacy before this time.',
    example: '2026-12-01T00:00:00.000Z',
  })
  to: Date;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Only leads captured at this event.',
    example: '6a2f8c4e-9b1d-4e7a-b3c5-0d8e1f2a7b96',
  })
  eventId: string | null;

  @ApiProperty({ enum: ShadowRunStatus, description: 'Where the run is.', example: 'running' })
  status: ShadowRunStatus;

  @ApiProperty({ description: 'Leads the run compares.', example: 120 })
  total: number;

  @ApiProperty({ description: 'Leads compared so far.', example: 80 })
  processed: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Why the run stopped, when it failed as a whole.',
    example: null,
  })
  error: string | null;

  @ApiProperty({ description: 'Who started it.', example: 'staff_key:4be1c0ffee12' })
  startedBy: string;

  @ApiProperty({ description: 'When it was started.', example: '2026-12-04T09:05:00.000Z' })
  createdAt: Date;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When it ended.',
    example: '2026-12-04T09:06:30.000Z',
  })
  finishedAt: Date | null;

  static from(run: ShadowRun): ShadowRunDto {
    return {
      id: run.id,
      orgId: run.org.id,
      category: run.category,
      legacyConnectionId: run.legacyConnection.id,
      newConnectionId: run.newConnection.id,
      from: run.windowFrom ?? null,
      to: run.windowTo,
      eventId: run.eventId ?? null,
      status: run.status,
      total: run.total,
      processed: run.processed,
      error: run.error ?? null,
      startedBy: run.startedBy,
      createdAt: run.createdAt,
      finishedAt: run.finishedAt ?? null,
    };
  }
}

export class FieldDifferenceDto {
  @ApiProperty({ description: 'The remote field.', example: 'Title' })
  field: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }],
    nullable: true,
    description: 'What legacy wrote; null when it wrote nothing there.',
    example: 'Director of Vendor Relations',
  })
  legacy: string | number | boolean | null;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }],
    nullable: true,
    description: 'What the new platform would write; null when nothing.',
    example: 'Director',
  })
  new: string | number | boolean | null;
}

export class ShadowSidesDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Legacy: null when legacy never wrote the lead.',
    example: 'Lead',
  })
  legacy: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The new platform: null for a record it would create.',
    example: 'Lead',
  })
  new: string | null;
}

export class ShadowFailureDto {
  @ApiProperty({ description: 'The normalised category.', example: 'DATA_VALUE_VALIDATION' })
  category: string;

  @ApiProperty({ description: "The vendor's (or the pre-flight's) code.", example: 'TOO_LONG' })
  vendorCode: string;

  @ApiProperty({ description: 'Its message.', example: 'Title is longer than 128 characters' })
  vendorMessage: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The remote field at fault.',
    example: 'Title',
  })
  field: string | null;
}

export class ShadowLeadDto {
  @ApiProperty({ description: 'The lead.', example: LEAD_ID })
  leadId: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "The lead's email.",
    example: 'bertha@fcof.net',
  })
  email: string | null;

  @ApiProperty({ enum: ShadowOutcome, description: 'The comparison.', example: 'differs' })
  outcome: ShadowOutcome;

  @ApiProperty({
    description: "The legacy connection's sync state of the lead.",
    example: 'cleared',
  })
  legacyState: string;

  @ApiProperty({
    type: [FieldDifferenceDto],
    description: 'Each field written differently (empty when the values agree).',
  })
  differences: FieldDifferenceDto[];

  @ApiProperty({ type: ShadowSidesDto, description: 'The target object on each side.' })
  object: ShadowSidesDto;

  @ApiProperty({
    type: ShadowSidesDto,
    description: 'The record: the one legacy wrote, and the one the new platform would update.',
  })
  record: ShadowSidesDto;

  @ApiPropertyOptional({
    enum: ['remote_id', 'email', 'none'],
    nullable: true,
    description:
      "How the new platform found the record: legacy's stored id, the email, or none (it " +
      'would create one). Null when matching failed.',
    example: 'remote_id',
  })
  matchedBy: string | null;

  @ApiProperty({
    description: 'The new platform would create a record for a lead legacy already wrote.',
    example: false,
  })
  wouldDuplicate: boolean;

  @ApiPropertyOptional({
    type: ShadowFailureDto,
    nullable: true,
    description: 'Why the new platform would fail the lead.',
  })
  failure: ShadowFailureDto | null;

  static from(result: ShadowResult): ShadowLeadDto {
    return {
      leadId: result.lead.id,
      email: result.lead.email ?? null,
      outcome: result.outcome,
      legacyState: result.legacyState,
      differences: result.differences,
      object: { legacy: result.legacyObject ?? null, new: result.newObject },
      record: { legacy: result.legacyRemoteId ?? null, new: result.newRemoteId ?? null },
      matchedBy: result.matchedBy ?? null,
      wouldDuplicate: result.wouldDuplicate,
      failure: result.errorCategory
        ? {
            category: result.errorCategory,
            vendorCode: result.errorCode ?? '',
            vendorMessage: result.errorMessage ?? '',
            field: result.errorField ?? null,
          }
        : null,
    };
  }
}

export class ShadowSummaryDto {
  @ApiProperty({ description: 'Leads compared.', example: 120 })
  compared: number;

  @ApiProperty({ description: 'Same values, object and record.', example: 90 })
  identical: number;

  @ApiProperty({ description: 'Other values, object or record.', example: 25 })
  differing: number;

  @ApiProperty({ description: 'The new platform would fail them.', example: 5 })
  wouldFail: number;

  @ApiProperty({
    description: 'The new platform would create a record for a lead legacy already wrote.',
    example: 0,
  })
  wouldCreateDuplicates: number;
}

export class ShadowReportDto {
  @ApiProperty({ type: ShadowRunDto, description: 'The run and its progress.' })
  run: ShadowRunDto;

  @ApiProperty({ type: ShadowSummaryDto, description: 'Counts over every compared lead.' })
  summary: ShadowSummaryDto;

  @ApiProperty({ type: [ShadowLeadDto], description: 'The page of compared leads.' })
  leads: ShadowLeadDto[];

  @ApiProperty({ description: 'Leads matching the filter, across pages.', example: 25 })
  total: number;

  @ApiProperty({ description: 'The page size asked for.', example: 100 })
  limit: number;

  @ApiProperty({ description: 'Leads skipped before this page.', example: 0 })
  offset: number;
}
