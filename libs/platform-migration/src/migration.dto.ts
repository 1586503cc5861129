import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxDate,
  MaxLength,
  Min,
} from 'class-validator';
import { ConnectionPlatform, ConnectionStatus } from '@libs/connections';
import { IsIsoDateTime } from '@libs/core';
import { MIGRATED_CATEGORIES, type MigratedCategory } from './categories';
import type {
  CategoryMigration,
  ChecklistItem,
  ChecklistItemName,
  ChecklistStatus,
  ConnectionChecklist,
  OrgMigration,
  SunsetNotice,
} from './migration-status.service';
import type { OrgPlatform } from './org-platform.entity';

const ORG_ID = '8d1e5f0a-2b7c-4f39-9c1d-0e6a4b2f7c31';
const CONNECTION_ID = '3f0c6a54-8f0e-4c8e-9a57-6d0f3c1e2b7a';
const CHECKLIST_ITEMS: ChecklistItemName[] = [
  'connected',
  'mapping',
  'qualifiers',
  'campaigns',
  'sync_mode',
  'test_lead',
];
const CHECKLIST_STATUSES: ChecklistStatus[] = ['done', 'todo', 'not_applicable'];

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

export class SwitchPlatformDto {
  @ApiPropertyOptional({
    description:
      'When to switch (a low-traffic window); now when left out. Leads stored before the ' +
      'switch finish on the platform they started on.',
    example: '2026-12-06T03:00:00Z',
  })
  @IsOptional()
  @MaxDate(new Date('2100-01-01T00:00:00Z'))
  @IsIsoDateTime()
  at?: Date;
}

export class MigrationListQueryDto {
  @ApiPropertyOptional({
    enum: ConnectionPlatform,
    description: 'Only orgs with a category on this platform (`category` narrows it to one).',
    example: ConnectionPlatform.Legacy,
  })
  @IsOptional()
  @IsEnum(ConnectionPlatform)
  platform?: ConnectionPlatform;

  @ApiPropertyOptional({
    enum: MIGRATED_CATEGORIES,
    description: 'The category `platform` and `scheduled` look at; any category when left out.',
    example: 'crm',
  })
  @IsOptional()
  @IsIn(MIGRATED_CATEGORIES)
  category?: MigratedCategory;

  @ApiPropertyOptional({
    description: 'Only orgs with (true) or without (false) a scheduled switch.',
    example: true,
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  scheduled?: boolean;

  @ApiPropertyOptional({ description: 'Only orgs whose name contains this.', example: 'Acme' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 100,
    default: 25,
    description: 'How many orgs to return.',
    example: 25,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 25;

  @ApiPropertyOptional({
    minimum: 0,
    default: 0,
    description: 'How many orgs to skip.',
    example: 0,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset: number = 0;
}

export class ChecklistItemDto {
  @ApiProperty({
    enum: CHECKLIST_ITEMS,
    description:
      'The step: connected, mapping set, qualifiers mapped, campaigns linked, sync mode chosen, a test lead Cleared.',
    example: 'mapping',
  })
  item: ChecklistItemName;

  @ApiProperty({
    enum: CHECKLIST_STATUSES,
    description: 'Done, still to do, or not applicable to this connection.',
    example: 'todo',
  })
  status: ChecklistStatus;

  @ApiProperty({
    description: 'What is done, or what to do.',
    example: 'Map the Lead fields (Set Defaults, then review)',
  })
  detail: string;

  static from(item: ChecklistItem): ChecklistItemDto {
    return { item: item.item, status: item.status, detail: item.detail };
  }
}

export class ConnectionChecklistDto {
  @ApiProperty({ description: 'The new-platform connection.', example: CONNECTION_ID })
  connectionId: string;

  @ApiProperty({ description: 'Its integration.', example: 'salesforce' })
  integration: string;

  @ApiProperty({
    enum: ConnectionStatus,
    description: 'Its status.',
    example: ConnectionStatus.Connected,
  })
  status: ConnectionStatus;

  @ApiProperty({ type: [ChecklistItemDto], description: 'The steps, in order.' })
  items: ChecklistItemDto[];

  @ApiProperty({ description: 'Every item is done or does not apply.', example: false })
  complete: boolean;

  static from(checklist: ConnectionChecklist): ConnectionChecklistDto {
    return { ...checklist, items: checklist.items.map((item) => ChecklistItemDto.from(item)) };
  }
}

export class LegacyConnectionDto {
  @ApiProperty({ description: 'The legacy connection.', example: CONNECTION_ID })
  connectionId: string;

  @ApiProperty({ description: 'Its legacy integration.', example: 'legacy-salesforce' })
  integration: string;

  @ApiProperty({
    enum: ConnectionStatus,
    description: 'Its status.',
    example: ConnectionStatus.Connected,
  })
  status: ConnectionStatus;
}

export class ScheduledSwitchDto {
  @ApiProperty({
    enum: ConnectionPlatform,
    description: 'The platform it switches to.',
    example: ConnectionPlatform.New,
  })
  platform: ConnectionPlatform;

  @ApiProperty({ description: 'When the workers switch it.', example: '2026-12-06T03:00:00.000Z' })
  at: Date;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Who scheduled it.',
    example: 'staff_key:9f86d081884c',
  })
  by: string | null;
}

export class CategoryPlatformDto {
  @ApiProperty({
    enum: MIGRATED_CATEGORIES,
    description: 'The category; they move in this order.',
    example: 'crm',
  })
  category: MigratedCategory;

  @ApiProperty({
    enum: ConnectionPlatform,
    description: 'The platform its leads go to now.',
    example: ConnectionPlatform.Legacy,
  })
  platform: ConnectionPlatform;

  @ApiProperty({
    type: Date,
    nullable: true,
    description: 'When it last switched: leads stored after it took the new path.',
    example: '2026-12-06T03:00:00.000Z',
  })
  switchedAt: Date | null;

  @ApiProperty({
    type: ScheduledSwitchDto,
    nullable: true,
    description: 'A switch Mobly staff scheduled, if any.',
  })
  scheduled: ScheduledSwitchDto | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the last scheduled switch could not be applied.',
    example: null,
  })
  scheduleProblem: string | null;

  static from(row: OrgPlatform | CategoryMigration): CategoryPlatformDto {
    const scheduled =
      'scheduled' in row
        ? row.scheduled
        : row.scheduledAt && row.scheduledPlatform
          ? { platform: row.scheduledPlatform, at: row.scheduledAt, by: row.scheduledBy ?? null }
          : null;

    return {
      category: row.category,
      platform: row.platform,
      switchedAt: row.switchedAt ?? null,
      scheduled,
      scheduleProblem: row.scheduleProblem ?? null,
    };
  }
}

export class CategoryMigrationDto extends CategoryPlatformDto {
  @ApiProperty({
    type: [LegacyConnectionDto],
    description: "The category's legacy connections.",
  })
  legacyConnections: LegacyConnectionDto[];

  @ApiProperty({
    type: [ConnectionChecklistDto],
    description: "The checklist of each of the category's new-platform connections.",
  })
  connections: ConnectionChecklistDto[];

  @ApiProperty({
    description: 'A new-platform connection exists and every checklist is complete.',
    example: false,
  })
  ready: boolean;

  static fromMigration(category: CategoryMigration): CategoryMigrationDto {
    return {
      ...CategoryPlatformDto.from(category),
      legacyConnections: category.legacyConnections,
      connections: category.connections.map((checklist) => ConnectionChecklistDto.from(checklist)),
      ready: category.ready,
    };
  }
}

export class SunsetNoticeDto {
  @ApiProperty({
    description: 'When the legacy integrations stop.',
    example: '2027-06-30T00:00:00.000Z',
  })
  at: Date;

  @ApiProperty({
    description: 'From when admins see the notice.',
    example: '2027-04-01T00:00:00.000Z',
  })
  noticeFrom: Date;

  @ApiProperty({ description: 'The sunset is past.', example: false })
  passed: boolean;

  @ApiProperty({
    description: 'The notice shown to admins.',
    example:
      'The legacy integrations stop on 2027-06-30T00:00:00.000Z: move CRM to the new platform before then, or their leads will wait as Paused',
  })
  message: string;

  static from(notice: SunsetNotice): SunsetNoticeDto {
    return { ...notice };
  }
}

export class OrgMigrationDto {
  @ApiProperty({ description: 'The org id.', example: ORG_ID })
  orgId: string;

  @ApiProperty({ description: 'The customer name.', example: 'Acme Events' })
  name: string;

  @ApiProperty({ type: [CategoryMigrationDto], description: 'Each category, in moving order.' })
  categories: CategoryMigrationDto[];

  @ApiProperty({
    type: [String],
    description: 'What to do next, in order.',
    example: ['CRM (salesforce): Choose the sync mode: automatic, manual or disabled'],
  })
  nextSteps: string[];

  @ApiProperty({
    type: SunsetNoticeDto,
    nullable: true,
    description: 'The legacy sunset, while a category is still on legacy (from the notice period).',
  })
  sunset: SunsetNoticeDto | null;

  static from(migration: OrgMigration): OrgMigrationDto {
    return {
      orgId: migration.orgId,
      name: migration.name,
      categories: migration.categories.map((category) =>
        CategoryMigrationDto.fromMigration(category),
      ),
      nextSteps: migration.nextSteps,
      sunset: migration.sunset ? SunsetNoticeDto.from(migration.sunset) : null,
    };
  }
}

export class OrgMigrationPageDto {
  @ApiProperty({ type: [OrgMigrationDto], description: 'The orgs of this page, by name.' })
  orgs: OrgMigrationDto[];

  @ApiProperty({ description: 'Orgs matching the filters.', example: 1 })
  total: number;

  @ApiProperty({ description: 'The page size asked for.', example: 25 })
  limit: number;

  @ApiProperty({ description: 'Orgs skipped before this page.', example: 0 })
  offset: number;
}
