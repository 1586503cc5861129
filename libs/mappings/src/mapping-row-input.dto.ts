import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { LEAD_FIELD_PATHS } from '@libs/leads';
import { MappingBehaviour, ValueFormat } from './mapping-row.entity';

const MAX_VALUE_MAP_ENTRIES = 500;

/** A value map: at most 500 entries of strings up to 1000 characters. */
function IsValueMap(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isValueMap',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= MAX_VALUE_MAP_ENTRIES &&
          Object.entries(value).every(
            ([key, mapped]) =>
              key.length <= 1000 && typeof mapped === 'string' && mapped.length <= 1000,
          ),
        defaultMessage: () =>
          `valueMap must map up to ${MAX_VALUE_MAP_ENTRIES} values to strings (1000 characters each)`,
      },
    },
    options,
  );
}

const SOURCES = [...LEAD_FIELD_PATHS];

/** What a row writes and how; shared by create and change. */
class MappingRowFieldsDto {
  @ApiPropertyOptional({ nullable: true, enum: SOURCES, description: 'Mobly lead field path.' })
  @IsOptional()
  @IsIn(SOURCES)
  source?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'A fixed value written for every lead.' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  constant?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    example: '{{firstName}} {{lastName}}',
    description: 'Text with {{path}} placeholders of Mobly lead fields.',
  })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  template?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { Hot: 'A', Warm: 'B', Cold: 'C' },
  })
  @IsOptional()
  @IsValueMap()
  valueMap?: Record<string, string> | null;

  @ApiPropertyOptional({ nullable: true, enum: ValueFormat })
  @IsOptional()
  @IsEnum(ValueFormat)
  format?: ValueFormat | null;

  @ApiPropertyOptional({ description: 'Cut values longer than the remote field.' })
  @IsOptional()
  @IsBoolean()
  truncate?: boolean;

  @ApiPropertyOptional({ enum: MappingBehaviour })
  @IsOptional()
  @IsEnum(MappingBehaviour)
  behaviour?: MappingBehaviour;
}

export class CreateMappingRowDto extends MappingRowFieldsDto {
  @ApiProperty({ description: 'Remote field API name, from the remote schema.' })
  @MinLength(1)
  @MaxLength(255)
  @IsString()
  target: string;
}

export class UpdateMappingRowDto extends MappingRowFieldsDto {
  @ApiPropertyOptional({ description: 'Remote field API name, from the remote schema.' })
  @IsOptional()
  @MinLength(1)
  @MaxLength(255)
  @IsString()
  target?: string;

  @ApiPropertyOptional({ description: 'The version read; or send it as If-Match.' })
  @IsOptional()
  @Min(1)
  @IsInt()
  version?: number;
}

export class UpgradeDefaultsDto {
  @ApiProperty({
    description: 'Remote fields whose reported change to apply (the `target` of each change).',
    example: ['Title'],
  })
  @IsString({ each: true })
  @MaxLength(255, { each: true })
  @ArrayMaxSize(500)
  @IsArray()
  targets: string[];

  @ApiPropertyOptional({ description: 'The recommendations version that was reviewed.' })
  @IsOptional()
  @MaxLength(40)
  @IsString()
  version?: string;
}
