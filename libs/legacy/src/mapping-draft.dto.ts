import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { legacyFieldName } from '@libs/leads';
import type { MappingProblem, MappingRow } from '@libs/mappings';
import { DraftRowStatus, type ReviewedObject, type ReviewedRow } from './mapping-draft-review';
import type { DraftSkip, LegacyMappingDraft } from './mapping-draft.entity';

/** The most rows one apply may name. */
export const MAX_APPLY_ROWS = 1000;

export class ImportLegacyMappingDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The legacy connection to import from; by default the org’s only legacy connection to the same vendor.',
    example: '3f0c6a54-8f0e-4c8e-9a57-6d0f3c1e2b7a',
  })
  @IsOptional()
  @IsUUID()
  legacyConnectionId?: string;
}

export class DraftRowRefDto {
  @ApiProperty({ description: 'The object of the draft row.', example: 'Lead' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  object: string;

  @ApiProperty({ description: 'The remote field the draft row writes.', example: 'Email' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  target: string;
}

export class ApplyLegacyMappingDto {
  @ApiPropertyOptional({
    type: [DraftRowRefDto],
    description:
      'The draft rows to apply. Left out: every added or changed row whose remote field exists.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_APPLY_ROWS)
  @ValidateNested({ each: true })
  @Type(() => DraftRowRefDto)
  rows?: DraftRowRefDto[];

  @ApiPropertyOptional({
    description: 'The ETag of the draft as reviewed, when not sent as If-Match.',
    example: '"4be1f0c29a7d3e61b0c5"',
  })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  etag?: string;
}

export class DraftProblemDto {
  @ApiProperty({
    enum: [
      'MISSING_REMOTE_FIELD',
      'READ_ONLY_FIELD',
      'TYPE_MISMATCH',
      'VALUE_TOO_LONG',
      'INVALID_VALUE',
      'REQUIRED_FIELD_UNMAPPED',
    ],
    description: 'What stops the row (or the object’s mapping) from working.',
    example: 'MISSING_REMOTE_FIELD',
  })
  code: string;

  @ApiProperty({
    description: 'The error category leads would fail with.',
    example: 'MISSING_REMOTE_FIELD',
  })
  category: string;

  @ApiProperty({ description: 'The remote field concerned.', example: 'Shoe_Size__c' })
  field: string;

  @ApiProperty({
    description: 'Why, in words.',
    example: 'Shoe_Size__c is not in the remote schema (deleted, renamed or hidden)',
  })
  message: string;

  static from(problem: MappingProblem): DraftProblemDto {
    return {
      code: problem.code,
      category: problem.category,
      field: problem.field,
      message: problem.message,
    };
  }
}

/** A live mapping row, as the review shows it. */
export class LiveRowDto {
  @ApiProperty({ format: 'uuid', description: 'The mapping row id.', example: '9b2d…' })
  id: string;

  @ApiProperty({ nullable: true, description: 'Mobly lead field path.', example: 'jobTitle' })
  source: string | null;

  @ApiProperty({ nullable: true, description: 'A constant it writes.', example: null })
  constant: string | null;

  @ApiProperty({
    nullable: true,
    description: 'A template it writes.',
    example: '{{firstName}} {{lastName}}',
  })
  template: string | null;

  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Values it translates.',
    example: { CTO: 'Chief Technology Officer' },
  })
  valueMap: Record<string, string> | null;

  @ApiProperty({
    nullable: true,
    enum: ['e164', 'first_email'],
    description: 'How it normalises values.',
    example: null,
  })
  format: string | null;

  @ApiProperty({ description: 'Whether it cuts long values.', example: false })
  truncate: boolean;

  @ApiProperty({ description: 'Remote field API name.', example: 'Title' })
  target: string;

  @ApiProperty({
    enum: ['overwrite', 'write_if_blank'],
    description: 'When it writes.',
    example: 'overwrite',
  })
  behaviour: string;

  @ApiProperty({ description: 'Row version (its ETag for row edits).', example: 2 })
  version: number;

  static from(row: MappingRow): LiveRowDto {
    return {
      id: row.id,
      source: row.source ?? null,
      constant: row.constant ?? null,
      template: row.template ?? null,
      valueMap: row.valueMap ?? null,
      format: row.format ?? null,
      truncate: row.truncate,
      target: row.target,
      behaviour: row.behaviour,
      version: row.version,
    };
  }
}

export class DraftRowDto {
  @ApiProperty({ description: 'The object the row would join.', example: 'Lead' })
  object: string;

  @ApiProperty({ description: 'Mobly lead field path it writes.', example: 'jobTitle' })
  source: string;

  @ApiProperty({ description: 'The legacy field name the panel used.', example: 'job_title' })
  legacyField: string;

  @ApiProperty({ description: 'Remote field API name.', example: 'Title' })
  target: string;

  @ApiProperty({
    enum: DraftRowStatus,
    description:
      '`added`: no live row writes the field; `changed`: the live row writes it otherwise; `unchanged`.',
    example: DraftRowStatus.Changed,
  })
  status: DraftRowStatus;

  @ApiProperty({
    type: [String],
    description: 'What applying the row changes on the live row.',
    example: ['valueMap'],
  })
  changes: string[];

  @ApiProperty({
    type: LiveRowDto,
    nullable: true,
    description: 'The live row writing the same remote field, if any.',
  })
  current: LiveRowDto | null;

  @ApiProperty({
    type: [DraftProblemDto],
    description: 'What stops the row from working against the cached remote schema.',
  })
  problems: DraftProblemDto[];

  static from(reviewed: ReviewedRow): DraftRowDto {
    return {
      object: reviewed.row.object,
      source: reviewed.row.source,
      legacyField: legacyFieldName(reviewed.row.source) ?? reviewed.row.source,
      target: reviewed.row.target,
      status: reviewed.status,
      changes: reviewed.changes,
      current: reviewed.current ? LiveRowDto.from(reviewed.current) : null,
      problems: reviewed.problems.map((problem) => DraftProblemDto.from(problem)),
    };
  }
}

export class DraftObjectDto {
  @ApiProperty({ description: 'The new connector’s object.', example: 'Lead' })
  object: string;

  @ApiProperty({ description: 'The legacy panel the rows came from.', example: 'Lead' })
  legacyObject: string;

  @ApiProperty({ type: [DraftRowDto], description: 'The draft rows, in remote field order.' })
  rows: DraftRowDto[];

  @ApiProperty({
    type: [LiveRowDto],
    description: 'Live rows of the object the draft has none for; applying leaves them.',
  })
  notInDraft: LiveRowDto[];

  @ApiProperty({
    type: [DraftProblemDto],
    description: 'Required remote fields neither the draft nor the rows it leaves write.',
  })
  problems: DraftProblemDto[];

  static from(reviewed: ReviewedObject): DraftObjectDto {
    return {
      object: reviewed.object,
      legacyObject: reviewed.legacyObject,
      rows: reviewed.rows.map((row) => DraftRowDto.from(row)),
      notInDraft: reviewed.notInDraft.map((row) => LiveRowDto.from(row)),
      problems: reviewed.problems.map((problem) => DraftProblemDto.from(problem)),
    };
  }
}

export class DraftSkipDto {
  @ApiProperty({ description: 'The legacy panel.', example: 'Contact' })
  legacyObject: string;

  @ApiProperty({
    nullable: true,
    description: 'The panel entry, or null for the whole panel.',
    example: null,
  })
  target: string | null;

  @ApiProperty({
    description: 'Why it was not imported.',
    example: 'the hubspot connector has no object Contact',
  })
  reason: string;

  static from(skip: DraftSkip): DraftSkipDto {
    return { legacyObject: skip.legacyObject, target: skip.target, reason: skip.reason };
  }
}

export class DraftSummaryDto {
  @ApiProperty({ description: 'Draft rows no live row matches.', example: 2 })
  added: number;

  @ApiProperty({ description: 'Draft rows that would change a live row.', example: 1 })
  changed: number;

  @ApiProperty({ description: 'Draft rows the live mapping already has.', example: 6 })
  unchanged: number;

  @ApiProperty({ description: 'Live rows the draft has none for.', example: 3 })
  notInDraft: number;

  @ApiProperty({ description: 'Draft rows with a schema problem.', example: 1 })
  withProblems: number;
}

export class LegacyMappingDraftDto {
  @ApiProperty({ format: 'uuid', description: 'The draft id.', example: '5d7e…' })
  id: string;

  @ApiProperty({ format: 'uuid', description: 'The new platform connection.', example: '1a2b…' })
  connectionId: string;

  @ApiProperty({ format: 'uuid', description: 'The legacy connection imported.', example: '3c4d…' })
  legacyConnectionId: string;

  @ApiProperty({ description: 'When it was imported.', example: '2026-12-04T10:00:00.000Z' })
  importedAt: string;

  @ApiProperty({ description: 'Who imported it.', example: 'api_key:6f1c…' })
  importedBy: string;

  @ApiProperty({
    nullable: true,
    description: 'When rows of it were last applied.',
    example: null,
  })
  appliedAt: string | null;

  @ApiProperty({
    description: 'The ETag of this review: send it as If-Match to apply.',
    example: '"4be1f0c29a7d3e61b0c5"',
  })
  etag: string;

  @ApiProperty({ type: DraftSummaryDto, description: 'Counts over every object.' })
  summary: DraftSummaryDto;

  @ApiProperty({
    type: [DraftObjectDto],
    description: 'Per object, the draft against the mapping.',
  })
  objects: DraftObjectDto[];

  @ApiProperty({ type: [DraftSkipDto], description: 'Panels or entries not imported, and why.' })
  skipped: DraftSkipDto[];

  static from(
    draft: LegacyMappingDraft,
    objects: ReviewedObject[],
    etag: string,
  ): LegacyMappingDraftDto {
    const rows = objects.flatMap((object) => object.rows);
    const count = (status: DraftRowStatus) => rows.filter((row) => row.status === status).length;

    return {
      id: draft.id,
      connectionId: draft.connection.id,
      legacyConnectionId: draft.legacyConnection.id,
      importedAt: draft.createdAt.toISOString(),
      importedBy: draft.importedBy,
      appliedAt: draft.appliedAt?.toISOString() ?? null,
      etag,
      summary: {
        added: count(DraftRowStatus.Added),
        changed: count(DraftRowStatus.Changed),
        unchanged: count(DraftRowStatus.Unchanged),
        notInDraft: objects.reduce((sum, object) => sum + object.notInDraft.length, 0),
        withProblems: rows.filter((row) => row.problems.length > 0).length,
      },
      objects: objects.map((object) => DraftObjectDto.from(object)),
      skipped: draft.skipped.map((skip) => DraftSkipDto.from(skip)),
    };
  }
}

export class AppliedDraftDto {
  @ApiProperty({ type: [LiveRowDto], description: 'The mapping rows created or changed.' })
  applied: LiveRowDto[];

  @ApiProperty({
    type: [DraftSkipDto],
    description: 'Rows left out of an apply-all: their remote field is not in the schema.',
  })
  skipped: DraftSkipDto[];

  @ApiProperty({ type: LegacyMappingDraftDto, description: 'The draft reviewed again.' })
  draft: LegacyMappingDraftDto;
}
