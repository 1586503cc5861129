import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDate,
  IsEmail,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

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
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  annualRevenue?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  employees?: number;

  @ApiPropertyOptional({
    description: 'Qualifier answers: qualifier name → chosen values.',
    example: { 'Lead Type': ['Hot'] },
  })
  @IsOptional()
  @IsObject()
  answers?: Record<string, string[]>;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  scanCount?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  capturedBy?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  capturedAt?: Date;

  @ApiPropertyOptional({ description: 'Enrichment has finished for this lead.' })
  @IsOptional()
  @IsBoolean()
  isEnriched?: boolean;
}

export class CreateLeadDto extends LeadFieldsDto {
  @ApiProperty()
  @IsUUID()
  eventId: string;
}
