import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEnum,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { QualifierMappingMode, type QualifierMapping } from './qualifier-mapping.entity';
import { QualifierDto } from './qualifiers.dto';
import type { QualifierMappingProblem } from './tag-values';

/** Qualifier value → remote option: up to 100 entries of non-empty strings. */
function IsOptionMap(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOptionMap',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= 100 &&
          Object.values(value).every(
            (option) => typeof option === 'string' && option !== '' && option.length <= 1000,
          ),
        defaultMessage: () =>
          'options must map up to 100 qualifier values to remote options (1 to 1000 characters)',
      },
    },
    options,
  );
}

export class PutQualifierMappingDto {
  @ApiProperty({
    description: 'Remote field API name, from the remote schema.',
    example: 'Interests__c',
  })
  @MinLength(1)
  @MaxLength(255)
  @IsString()
  target: string;

  @ApiProperty({
    enum: QualifierMappingMode,
    description:
      '`options`: each value becomes the remote option `options` names; `text`: the chosen ' +
      'values as they are, for a free-text field.',
    example: QualifierMappingMode.Options,
  })
  @IsEnum(QualifierMappingMode)
  mode: QualifierMappingMode;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: '`options` mode: qualifier value → remote option value.',
    example: { Hot: 'Hot', Warm: 'Warm', Cold: 'Cold' },
  })
  @IsOptional()
  @IsOptionMap()
  options?: Record<string, string>;
}

export class QualifierMappingProblemDto {
  @ApiProperty({
    enum: [
      'QUALIFIER_UNMAPPED',
      'MISSING_REMOTE_FIELD',
      'READ_ONLY_FIELD',
      'TYPE_MISMATCH',
      'VALUE_TOO_LONG',
      'INVALID_VALUE',
      'UNMAPPED_VALUE',
    ],
    description: 'What is wrong.',
    example: 'UNMAPPED_VALUE',
  })
  code: string;

  @ApiProperty({
    description: 'The error category leads would fail with.',
    example: 'NO_TAG_MAPPING',
  })
  category: string;

  @ApiProperty({
    description: 'The remote field concerned (the qualifier name when it has no mapping).',
    example: 'Interests__c',
  })
  field: string;

  @ApiPropertyOptional({ description: 'The qualifier value concerned.', example: 'Pricing' })
  value?: string;

  @ApiProperty({
    description: 'What is wrong, in words.',
    example: '"Pricing" has no remote option: leads answering it fail NO_TAG_MAPPING',
  })
  message: string;
}

export class QualifierMappingDto {
  @ApiProperty({ description: 'Remote field API name.', example: 'Interests__c' })
  target: string;

  @ApiProperty({
    enum: QualifierMappingMode,
    description: '`options` or `text`.',
    example: QualifierMappingMode.Options,
  })
  mode: QualifierMappingMode;

  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: { type: 'string' },
    description: '`options` mode: qualifier value → remote option value.',
    example: { Pricing: 'Pricing', Demo: 'Product demo' },
  })
  options: Record<string, string> | null;

  @ApiProperty({ description: 'When it last changed.', example: '2026-12-04T09:00:00.000Z' })
  updatedAt: string;

  static from(mapping: QualifierMapping): QualifierMappingDto {
    return {
      target: mapping.target,
      mode: mapping.mode,
      options: mapping.options ?? null,
      updatedAt: mapping.updatedAt.toISOString(),
    };
  }
}

export class QualifierMappingEntryDto {
  @ApiProperty({ type: QualifierDto, description: 'The qualifier.' })
  qualifier: QualifierDto;

  @ApiProperty({
    type: QualifierMappingDto,
    nullable: true,
    description: 'Where the connection writes its answers; null when nowhere yet.',
  })
  mapping: QualifierMappingDto | null;

  @ApiProperty({
    type: [QualifierMappingProblemDto],
    description: 'Empty when every answer can be written.',
  })
  problems: QualifierMappingProblemDto[];

  static from(
    qualifier: QualifierDto,
    mapping: QualifierMapping | undefined,
    problems: QualifierMappingProblem[],
  ): QualifierMappingEntryDto {
    return {
      qualifier,
      mapping: mapping ? QualifierMappingDto.from(mapping) : null,
      problems,
    };
  }
}

export class QualifierMappingsDto {
  @ApiProperty({ description: 'The remote object.', example: 'Lead' })
  object: string;

  @ApiProperty({
    description: 'How several values are joined in one field for this connector.',
    example: ';',
  })
  delimiter: string;

  @ApiProperty({
    description: 'When the remote schema the problems are judged on was fetched.',
    example: '2026-12-04T09:00:00.000Z',
  })
  schemaFetchedAt: string;

  @ApiProperty({
    type: [QualifierMappingEntryDto],
    description: "Every qualifier of the org, with this connection's mapping of it.",
  })
  qualifiers: QualifierMappingEntryDto[];
}
