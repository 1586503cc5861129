import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { CurrentOrg, OrgAuthGuard, type Org } from '@libs/orgs';
import type { AuditEntry } from './audit-entry.entity';
import { AuditLog } from './audit-log.service';

export class AuditQueryDto {
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @Max(500)
  @Min(1)
  @IsInt()
  limit: number = 100;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @Max(1_000_000)
  @Min(0)
  @IsInt()
  offset: number = 0;
}

export class AuditEntryDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ example: 'api_key:0b6a…', description: 'Who acted: a key, a token subject.' })
  actor: string;

  @ApiProperty({ example: 'connection.reauthorized' })
  action: string;

  @ApiProperty({ example: 'connection' })
  targetType: string;

  @ApiProperty()
  targetId: string;

  @ApiPropertyOptional({ description: 'Facts about the action; never a secret.' })
  detail?: Record<string, unknown> | null;

  @ApiProperty()
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
@UseGuards(OrgAuthGuard)
@Controller({ path: 'audit-log', version: '1' })
export class AuditLogController {
  constructor(private readonly audit: AuditLog) {}

  /** Credential changes and staff actions on this org, newest first. */
  @Get()
  async list(@CurrentOrg() org: Org, @Query() page: AuditQueryDto): Promise<AuditEntryDto[]> {
    return (await this.audit.list(org.id, page)).map((entry) => AuditEntryDto.from(entry));
  }
}
