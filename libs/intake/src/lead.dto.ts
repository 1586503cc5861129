import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  Max,
  MaxDate,
  MinDate,
  IsDate,
  IsEmail,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsAnswers } from '@libs/core';

const MAX_INT = 2_147_483_647;

export class LeadCompanyDto {
  @ApiPropertyOptional({ example: 'Farmers Coop. of Florida' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  name?: string;

  @ApiPropertyOptional({ example: 'Agriculture' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  industry?: string;

  @ApiPropertyOptional({ example: 'fcof.net' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  website?: string;
}

export class LeadAddressDto {
  @ApiPropertyOptional()
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  street?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  city?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  state?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  postalCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  country?: string;
}

/** The lead fields shared by the API and the CSV import. */
export class LeadFieldsDto {
  @ApiPropertyOptional({
    description: "The capturing app's id; posting it again updates the lead.",
  })
  @IsOptional()
  @MaxLength(120)
  @IsString()
  externalId?: string;

  @ApiPropertyOptional({ example: 'Bertha' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  firstName?: string;

  @ApiPropertyOptional({ example: 'Boxer' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  lastName?: string;

  @ApiPropertyOptional({ example: 'bertha@fcof.net' })
  @IsOptional()
  @MaxLength(320)
  @IsEmail({ allow_display_name: false }, { message: 'email must be a valid email address' })
  email?: string;

  @ApiPropertyOptional({ example: 'Director of Vendor Relations' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  jobTitle?: string;

  @ApiPropertyOptional({ description: 'Phone number as captured.' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  phone?: string;

  @ApiPropertyOptional({ description: 'Phone number provided by enrichment.' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  mobilePhone?: string;

  @ApiPropertyOptional({ type: LeadCompanyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LeadCompanyDto)
  company?: LeadCompanyDto;

  @ApiPropertyOptional({ type: LeadAddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LeadAddressDto)
  address?: LeadAddressDto;

  @ApiPropertyOptional()
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  linkedinUrl?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @MaxLength(32_000)
  @IsString()
  notes?: string;

  @ApiPropertyOptional({ example: 'Hot' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  rating?: string;

  @ApiPropertyOptional({ example: 'Web' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  leadSource?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Max(1e15)
  @Min(0)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  annualRevenue?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Max(MAX_INT)
  @Min(0)
  @IsInt()
  employees?: number;

  @ApiPropertyOptional({
    description: 'Qualifier answers: qualifier name → chosen values.',
    example: { 'Lead Type': ['Hot'] },
  })
  @IsOptional()
  @IsAnswers()
  answers?: Record<string, string[]>;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @Max(MAX_INT)
  @Min(1)
  @IsInt()
  scanCount?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  capturedBy?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Date)
  @MaxDate(new Date('2100-01-01T00:00:00Z'))
  @MinDate(new Date('1970-01-01T00:00:00Z'))
  @IsDate()
  capturedAt?: Date;

  @ApiPropertyOptional({ description: 'Enrichment has finished for this lead.' })
  @IsOptional()
  @IsBoolean()
  isEnriched?: boolean;
}

export class CreateLeadDto extends LeadFieldsDto {
  @ApiProperty()
  @IsUUID('all', { message: 'eventId must be the id (a UUID) of one of your events' })
  eventId: string;
}
