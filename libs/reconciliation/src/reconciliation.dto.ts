import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Max,
  MaxDate,
  Min,
  MinDate,
} from 'class-validator';
import { ERROR_CATEGORY_CODES, type ErrorCategory } from '@libs/connector-sdk';
import { IsIsoDateTime } from '@libs/core';

export class SummaryQueryDto {
  @ApiPropertyOptional({
    description: 'Leads captured at or after this time.',
    example: '2026-11-01T00:00:00Z',
  })
  @IsOptional()
  @MaxDate(new Date('2100-01-01T00:00:00Z'))
  @MinDate(new Date('1970-01-01T00:00:00Z'))
  @IsIsoDateTime()
  from?: Date;

  @ApiPropertyOptional({
    description: 'Leads captured before this time.',
    example: '2026-12-01T00:00:00Z',
  })
  @IsOptional()
  @MaxDate(new Date('2100-01-01T00:00:00Z'))
  @MinDate(new Date('1970-01-01T00:00:00Z'))
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

export class FailedGroupQueryDto extends SummaryQueryDto {
  @ApiPropertyOptional({
    enum: ERROR_CATEGORY_CODES,
    description: 'Only this category.',
    example: 'DATA_VALUE_VALIDATION',
  })
  @IsOptional()
  @IsIn(ERROR_CATEGORY_CODES)
  category?: ErrorCategory;
}

export class LeadListQueryDto extends FailedGroupQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 500,
    default: 50,
    description: 'How many leads to return.',
    example: 50,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;

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
  @Max(10_000_000)
  offset: number = 0;
}

export class RetryDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'Failed leads to retry.',
    example: ['1c9d4e7a-2b5f-4a8c-9e3d-6f0a1b2c3d45'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsUUID('all', { each: true })
  leadIds?: string[];

  @ApiPropertyOptional({
    enum: ERROR_CATEGORY_CODES,
    description: 'Retry every failed lead of this category (after fixing its cause).',
    example: 'DATA_VALUE_VALIDATION',
  })
  @IsOptional()
  @IsIn(ERROR_CATEGORY_CODES)
  category?: ErrorCategory;

  @ApiPropertyOptional({
    description: 'Retry every failed lead of this event.',
    example: '6a2f8c4e-9b1d-4e7a-b3c5-0d8e1f2a7b96',
  })
  @IsOptional()
  @IsUUID()
  eventId?: string;
}
