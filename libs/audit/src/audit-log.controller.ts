import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiPropertyOptional,
} from '@nestjs/swagger';
import { ApiProblems } from '@libs/core';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { CurrentOrg, OrgAuthGuard, type Org } from '@libs/orgs';
import type { AuditEntry } from './audit-entry.entity';
import { AuditLog } from './audit-log.service';

export class AuditQueryDto {
  @ApiPropertyOptional({
    default: 100,
    minimum: 1,
    maximum: 500,
    description: 'How many entries to return.',
    example: 100,
  })
  @IsOptional()
  @Type(() => Number)
  @Max(500)
  @Min(1)
  @IsInt()
  limit: number = 100;

  @ApiPropertyOptional({
    default: 0,
    minimum: 0,
    description: 'How many entries to skip.',
    example: 0,
  })
  @IsOptional()
  @Type(() => Number)
  @Max(1_000_000)
  @Min(0)
  @IsInt()
  offset: number = 0;
}

export class AuditEntryDto {
  @ApiProperty({ description: 'The entry id.', example: 'c2a7e9d4-1b3f-4a6e-8d5c-7f0b2e9a1c64' })
  id: string;

  @ApiProperty({ example: 'api_key:0b6a…', description: 'Who acted: a key, a token subject.' })
  actor: string;

  @ApiProperty({ description: 'What was done.', example: 'connection.reauthorized' })
  action: string;

  @ApiProperty({ description: 'The kind of thing acted on.', example: 'connection' })
  targetType: string;

  @ApiProperty({
    description: 'The id of the thing acted on.',
    example: '3f0c6a54-8f0e-4c8e-9a57-6d0f3c1e2b7a',
  })
  targetId: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Facts about the action; never a secret.',
    example: { integration: 'salesforce' },
  })
  detail?: Record<string, unknown> | null;

  @ApiProperty({ description: 'When it was done.', example: '2026-11-02T09:30:00.000Z' })
  at: Date;

  static from(entry: AuditEntry): AuditEntryDto {
    return {
      id: entry.id,
      actor: entry.actor,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      detail: entry.detail ?? null,
      at: entry.createdAt,
    };
  }
}

@ApiTags('audit')
@ApiBearerAuth()
@ApiProblems(401, 403, 422, 429)
@UseGuards(OrgAuthGuard)
@Controller({ path: 'audit-log', version: '1' })
export class AuditLogController {
  constructor(private readonly audit: AuditLog) {}

  /** Credential changes and staff actions on this org, newest first. */
  @Get()
  @ApiOperation({ summary: 'List credential changes and staff actions on this org, newest first.' })
  @ApiOkResponse({ type: [AuditEntryDto] })
  async list(@CurrentOrg() org: Org, @Query() page: AuditQueryDto): Promise<AuditEntryDto[]> {
    return (await this.audit.list(org.id, page)).map((entry) => AuditEntryDto.from(entry));
  }
}
