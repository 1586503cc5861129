import { ApiProperty } from '@nestjs/swagger';
import type { MappingRow } from './mapping-row.entity';
import type { SetDefaultsResult } from './mappings.service';

export class MappingRowDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  object: string;

  @ApiProperty({ description: 'Mobly lead field path.' })
  source: string;

  @ApiProperty({ description: 'Remote field API name.' })
  target: string;

  @ApiProperty({ enum: ['overwrite', 'write_if_blank'] })
  behaviour: string;

  @ApiProperty({ nullable: true })
  defaultsVersion: string | null;

  @ApiProperty({ description: 'Row version for optimistic concurrency.' })
  version: number;

  static from(row: MappingRow): MappingRowDto {
    return {
      id: row.id,
      object: row.object,
      source: row.source,
      target: row.target,
      behaviour: row.behaviour,
      defaultsVersion: row.defaultsVersion ?? null,
      version: row.version,
    };
  }
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
