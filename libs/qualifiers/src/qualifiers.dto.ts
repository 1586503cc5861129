import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsPresent } from '@libs/core';
import { QualifierChoice, type Qualifier } from './qualifier.entity';

const TRIMMED = /^\S(?:.*\S)?$/;

const QUESTION: ApiPropertyOptions = {
  description: 'The question as reps see it.',
  example: 'How hot is this lead?',
};
const VALUES: ApiPropertyOptions = {
  type: [String],
  description: 'The values a rep may choose, in display order (distinct).',
  example: ['Hot', 'Warm', 'Cold'],
};
const CHOICE: ApiPropertyOptions = {
  enum: QualifierChoice,
  description: '`single`: one value per lead; `multiple`: any number of them.',
  example: QualifierChoice.Single,
};
const OUTER_SPACES = { message: 'must be text without outer spaces' };

export class CreateQualifierDto {
  @ApiProperty({
    description: "The key of the lead's answers (`answers[name]`); it cannot change later.",
    example: 'Lead Type',
  })
  @Matches(TRIMMED, OUTER_SPACES)
  @MaxLength(120)
  @IsString()
  name: string;

  @ApiProperty(QUESTION)
  @MinLength(1)
  @MaxLength(500)
  @IsString()
  question: string;

  @ApiProperty(VALUES)
  @Matches(TRIMMED, { each: true, ...OUTER_SPACES })
  @MaxLength(255, { each: true })
  @IsString({ each: true })
  @ArrayMaxSize(100)
  @ArrayMinSize(1)
  @IsArray()
  values: string[];

  @ApiPropertyOptional({ ...CHOICE, default: QualifierChoice.Single })
  @IsOptional()
  @IsEnum(QualifierChoice)
  choice?: QualifierChoice;
}

/** A change: the name is the key of the answers leads carry, so it stays. */
export class UpdateQualifierDto {
  @ApiPropertyOptional(QUESTION)
  @IsPresent()
  @MinLength(1)
  @MaxLength(500)
  @IsString()
  question?: string;

  @ApiPropertyOptional(VALUES)
  @IsPresent()
  @Matches(TRIMMED, { each: true, ...OUTER_SPACES })
  @MaxLength(255, { each: true })
  @IsString({ each: true })
  @ArrayMaxSize(100)
  @ArrayMinSize(1)
  @IsArray()
  values?: string[];

  @ApiPropertyOptional(CHOICE)
  @IsPresent()
  @IsEnum(QualifierChoice)
  choice?: QualifierChoice;
}

export class QualifierDto {
  @ApiProperty({
    description: 'The qualifier id.',
    example: '5b9e2d41-7c3a-4f8e-9d16-a0c4e3b2f817',
  })
  id: string;

  @ApiProperty({ description: "The key of the lead's answers.", example: 'Lead Type' })
  name: string;

  @ApiProperty({ description: 'The question as reps see it.', example: 'How hot is this lead?' })
  question: string;

  @ApiProperty({
    type: [String],
    description: 'The values a rep may choose, in display order.',
    example: ['Hot', 'Warm', 'Cold'],
  })
  values: string[];

  @ApiProperty({
    enum: QualifierChoice,
    description: '`single` or `multiple` choice.',
    example: QualifierChoice.Single,
  })
  choice: QualifierChoice;

  @ApiProperty({ description: 'When it was created.', example: '2026-12-04T09:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ description: 'When it last changed.', example: '2026-12-04T09:00:00.000Z' })
  updatedAt: string;

  static from(qualifier: Qualifier): QualifierDto {
    return {
      id: qualifier.id,
      name: qualifier.name,
      question: qualifier.question,
      values: qualifier.values,
      choice: qualifier.choice,
      createdAt: qualifier.createdAt.toISOString(),
      updatedAt: qualifier.updatedAt.toISOString(),
    };
  }
}
