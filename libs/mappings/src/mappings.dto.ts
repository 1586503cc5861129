import { ApiProperty } from '@nestjs/swagger';
import type { RemoteField } from '@libs/connector-sdk';
import type { MappingRow } from './mapping-row.entity';
import type { MappingProblem } from './schema-checks';
import type { SetDefaultsResult } from './mappings.service';

export class MappingProblemDto {
  @ApiProperty({
    enum: [
      'MISSING_REMOTE_FIELD',
      'READ_ONLY_FIELD',
      'TYPE_MISMATCH',
      'VALUE_TOO_LONG',
      'INVALID_VALUE',
      'REQUIRED_FIELD_UNMAPPED',
    ],
  })
  code: string;

  @ApiProperty({ description: 'The error category leads would fail with.' })
  category: string;

  @ApiProperty({ description: 'The remote field concerned.' })
  field: string;

  @ApiProperty()
  message: string;
}

export class MappingRowDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  object: string;

  @ApiProperty({ nullable: true, description: 'Mobly lead field path.' })
  source: string | null;

  @ApiProperty({ nullable: true })
  constant: string | null;

  @ApiProperty({ nullable: true, example: '{{firstName}} {{lastName}}' })
  template: string | null;

  @ApiProperty({ nullable: true, type: 'object', additionalProperties: { type: 'string' } })
  valueMap: Record<string, string> | null;

  @ApiProperty({ nullable: true, enum: ['e164', 'first_email'] })
  format: string | null;

  @ApiProperty()
  truncate: boolean;

  @ApiProperty({ description: 'Remote field API name.' })
  target: string;

  @ApiProperty({ enum: ['overwrite', 'write_if_blank'] })
  behaviour: string;

  @ApiProperty({ nullable: true })
  defaultsVersion: string | null;

  @ApiProperty({ description: 'Row version for optimistic concurrency (also the ETag).' })
  version: number;

  static from(row: MappingRow): MappingRowDto {
    return {
      id: row.id,
      object: row.object,
      source: row.source ?? null,
      constant: row.constant ?? null,
      template: row.template ?? null,
      valueMap: row.valueMap ?? null,
      format: row.format ?? null,
      truncate: row.truncate,
      target: row.target,
      behaviour: row.behaviour,
      defaultsVersion: row.defaultsVersion ?? null,
      version: row.version,
    };
  }
}

export class CheckedMappingRowDto extends MappingRowDto {
  @ApiProperty({ type: [MappingProblemDto], description: 'Empty when the row can work.' })
  problems: MappingProblemDto[];

  static checked(row: MappingRow, problems: MappingProblem[]): CheckedMappingRowDto {
    return { ...MappingRowDto.from(row), problems };
  }
}

export class DefaultsVersionDto {
  @ApiProperty({ nullable: true, description: 'Recommendations version the connection accepted.' })
  applied: string | null;

  @ApiProperty({ nullable: true, description: "The connector's current version." })
  current: string | null;
}

export class ObjectMappingDto {
  @ApiProperty()
  object: string;

  @ApiProperty({ nullable: true, description: 'When the remote schema was last fetched.' })
  schemaFetchedAt: string | null;

  @ApiProperty({ type: DefaultsVersionDto })
  defaults: DefaultsVersionDto;

  @ApiProperty({
    type: [MappingProblemDto],
    description: 'Object-level problems: required remote fields no row writes.',
  })
  problems: MappingProblemDto[];

  @ApiProperty({ type: [CheckedMappingRowDto] })
  rows: CheckedMappingRowDto[];
}

export class SkippedRowDto {
  @ApiProperty()
  source: string;

  @ApiProperty()
  target: string;

  @ApiProperty()
  reason: string;
}

export class SetDefaultsDto {
  @ApiProperty()
  version: string;

  @ApiProperty({ type: [MappingRowDto] })
  rows: MappingRowDto[];

  @ApiProperty({ type: [SkippedRowDto] })
  skipped: SkippedRowDto[];

  static from(result: SetDefaultsResult): SetDefaultsDto {
    return {
      version: result.version,
      rows: result.rows.map((row) => MappingRowDto.from(row)),
      skipped: result.skipped,
    };
  }
}

export class RemoteSchemaDto {
  @ApiProperty()
  object: string;

  @ApiProperty({ description: 'When the schema was fetched from the vendor.' })
  fetchedAt: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'Remote fields: name, label, type, vendorType, length, required, readOnly…',
  })
  fields: RemoteField[];
}

export class ClearedDto {
  @ApiProperty({ description: 'Rows removed.' })
  removed: number;
}
