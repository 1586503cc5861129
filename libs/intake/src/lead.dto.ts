import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  Max,
  MaxDate,
  MinDate,
  IsEmail,
  IsInt,
  IsNumber,
  IsOptional,
  MinLength,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsAnswers, IsIsoDateTime, IsPresent } from '@libs/core';

const MAX_INT = 2_147_483_647;

export class LeadCompanyDto {
  @ApiPropertyOptional({ description: 'Company name.', example: 'Farmers Coop. of Florida' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  name?: string;

  @ApiPropertyOptional({ description: 'Industry.', example: 'Agriculture' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  industry?: string;

  @ApiPropertyOptional({ description: 'Company website.', example: 'fcof.net' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  website?: string;
}

export class LeadAddressDto {
  @ApiPropertyOptional({ description: 'Street and number.', example: '4100 SW 13th St' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  street?: string;

  @ApiPropertyOptional({ description: 'City.', example: 'Gainesville' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  city?: string;

  @ApiPropertyOptional({ description: 'State or region.', example: 'FL' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  state?: string;

  @ApiPropertyOptional({ description: 'Postal code.', example: '32608' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  postalCode?: string;

  @ApiPropertyOptional({ description: 'Country.', example: 'US' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  country?: string;
}

/** The lead fields shared by the API and the CSV import. */
export class LeadFieldsDto {
  @ApiPropertyOptional({
    description: "The capturing app's id; posting it again updates the lead.",
    example: 'scan-7f3a9c',
  })
  @IsOptional()
  @MaxLength(120)
  @MinLength(1, {
    message: 'externalId must not be empty; leave it out to match the lead by email',
  })
  @IsString()
  externalId?: string;

  @ApiPropertyOptional({ example: 'Bertha', description: 'First name.' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  firstName?: string;

  @ApiPropertyOptional({ example: 'Boxer', description: 'Last name.' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  lastName?: string;

  @ApiPropertyOptional({
    example: 'bertha@fcof.net',
    description:
      'Email address (spaces around it are dropped); without `externalId` it identifies the lead.',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsOptional()
  @MaxLength(320)
  @IsEmail({ allow_display_name: false }, { message: 'email must be a valid email address' })
  email?: string;

  @ApiPropertyOptional({ example: 'Director of Vendor Relations', description: 'Job title.' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  jobTitle?: string;

  @ApiPropertyOptional({ description: 'Phone number as captured.', example: '+1 352 555 0142' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  phone?: string;

  @ApiPropertyOptional({
    description: 'Phone number provided by enrichment.',
    example: '+1 352 555 0199',
  })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  mobilePhone?: string;

  @ApiPropertyOptional({ type: LeadCompanyDto, description: "The lead's company." })
  @IsOptional()
  @ValidateNested()
  @Type(() => LeadCompanyDto)
  company?: LeadCompanyDto;

  @ApiPropertyOptional({ type: LeadAddressDto, description: "The lead's postal address." })
  @IsOptional()
  @ValidateNested()
  @Type(() => LeadAddressDto)
  address?: LeadAddressDto;

  @ApiPropertyOptional({
    description: 'LinkedIn profile URL.',
    example: 'https://www.linkedin.com/in/berthaboxer',
  })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  linkedinUrl?: string;

  @ApiPropertyOptional({
    description: "The rep's notes.",
    example: 'Wants a demo for 40 stores after the show.',
  })
  @IsOptional()
  @MaxLength(32_000)
  @IsString()
  notes?: string;

  @ApiPropertyOptional({ example: 'Hot', description: 'Lead rating.' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  rating?: string;

  @ApiPropertyOptional({ example: 'Web', description: 'Where the lead came from.' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  leadSource?: string;

  @ApiPropertyOptional({ description: 'Annual revenue of the company.', example: 25000000 })
  @IsOptional()
  @Max(1e15)
  @Min(0)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  annualRevenue?: number;

  @ApiPropertyOptional({ description: 'Number of employees of the company.', example: 180 })
  @IsOptional()
  @Max(MAX_INT)
  @Min(0)
  @IsInt()
  employees?: number;

  @ApiPropertyOptional({
    description: 'Qualifier answers: qualifier name → chosen values.',
    example: { 'Lead Type': ['Hot'] },
  })
  @IsPresent()
  @IsAnswers()
  answers?: Record<string, string[]>;

  @ApiPropertyOptional({ example: 1, description: 'How many times the badge was scanned.' })
  @IsPresent()
  @Max(MAX_INT)
  @Min(1)
  @IsInt()
  scanCount?: number;

  @ApiPropertyOptional({
    description: 'Who captured the lead (the rep).',
    example: 'jane.rep@acme-events.com',
  })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  capturedBy?: string;

  @ApiPropertyOptional({
    description: 'When the lead was captured; now when left out.',
    example: '2026-11-02T09:30:00.000Z',
  })
  @IsPresent()
  @MaxDate(new Date('2100-01-01T00:00:00Z'))
  @MinDate(new Date('1970-01-01T00:00:00Z'))
  @IsIsoDateTime()
  capturedAt?: Date;

  @ApiPropertyOptional({ description: 'Enrichment has finished for this lead.', example: true })
  @IsPresent()
  @IsBoolean()
  isEnriched?: boolean;
}

export class CreateLeadDto extends LeadFieldsDto {
  @ApiProperty({
    description: 'The event the lead was captured at.',
    example: '6a2f8c4e-9b1d-4e7a-b3c5-0d8e1f2a7b96',
  })
  @IsUUID('all', { message: 'eventId must be the id (a UUID) of one of your events' })
  eventId: string;
}
