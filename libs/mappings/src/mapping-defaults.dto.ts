import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DriftChange } from './drift';
import type { MappingRow } from './mapping-row.entity';
import type { DriftReport, UpgradeResult } from './mapping-defaults.service';
import { MappingRowDto } from './mappings.dto';

export class RecommendedRowDto {
  @ApiProperty()
  source: string;

  @ApiProperty()
  target: string;

  @ApiProperty({ enum: ['overwrite', 'write_if_blank'] })
  behaviour: string;
}

export class DriftChangeDto {
  @ApiProperty({ enum: ['added', 'changed', 'removed'] })
  kind: string;

  @ApiProperty({ description: 'The remote field; name it in an upgrade to apply the change.' })
  target: string;

  @ApiPropertyOptional({ type: RecommendedRowDto, description: 'As the connection accepted it.' })
  applied?: RecommendedRowDto;

  @ApiPropertyOptional({ type: RecommendedRowDto, description: 'As the connector recommends now.' })
  recommended?: RecommendedRowDto;

  @ApiProperty({ type: MappingRowDto, nullable: true, description: 'The row today.' })
  row: MappingRowDto | null;

  @ApiProperty({ description: 'The row was edited since: upgrading overwrites the edit.' })
  customised: boolean;

  static from(change: DriftChange<MappingRow>): DriftChangeDto {
    return {
      kind: change.kind,
      target: change.target,
      ...(change.applied ? { applied: { ...change.applied } } : {}),
      ...(change.recommended ? { recommended: { ...change.recommended } } : {}),
      row: change.row ? MappingRowDto.from(change.row) : null,
      customised: change.customised,
    };
  }
}

export class DriftReportDto {
  @ApiProperty()
  object: string;

  @ApiProperty({ nullable: true, description: 'Accepted version; null before Set Defaults.' })
  applied: string | null;

  @ApiProperty({ description: "The connector's current recommendations version." })
  current: string;

  @ApiProperty({ type: [DriftChangeDto] })
  changes: DriftChangeDto[];

  static from(report: DriftReport): DriftReportDto {
    return { ...report, changes: report.changes.map((change) => DriftChangeDto.from(change)) };
  }
}

export class UpgradeSkippedDto {
  @ApiProperty()
  target: string;

  @ApiProperty()
  reason: string;
}

export class UpgradeResultDto {
  @ApiProperty({ type: [String], description: 'Remote fields whose change was applied.' })
  applied: string[];

  @ApiProperty({ type: [UpgradeSkippedDto] })
  skipped: UpgradeSkippedDto[];

  @ApiProperty({ type: DriftReportDto, description: 'The drift left after the upgrade.' })
  report: DriftReportDto;

  static from(result: UpgradeResult): UpgradeResultDto {
    return { ...result, report: DriftReportDto.from(result.report) };
  }
}
