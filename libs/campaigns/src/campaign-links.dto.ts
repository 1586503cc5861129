import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import type { CampaignLink } from './campaign-link.entity';

const MAX_ANSWERS = 100;

/** An object of answer → status, both non-empty strings. */
function IsStatusMap(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStatusMap',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length > 0 &&
          Object.keys(value).length <= MAX_ANSWERS &&
          Object.entries(value).every(
            ([answer, status]) =>
              answer.length <= 1000 &&
              typeof status === 'string' &&
              status.trim() !== '' &&
              status.length <= 255,
          ),
        defaultMessage: () =>
          `values must map each answer to a status (1 to ${MAX_ANSWERS} non-empty strings)`,
      },
    },
    options,
  );
}

export class StatusByAnswerDto {
  @ApiProperty({
    description: 'The qualifier whose answer chooses the status.',
    example: 'Interest',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  qualifier: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Answer → status; a lead with none of these answers gets `status`.',
    example: { 'Wants a demo': 'Visited Booth', 'Just looking': 'Attended' },
  })
  @IsStatusMap()
  values: Record<string, string>;
}

export class CreateCampaignLinkDto {
  @ApiProperty({
    description: 'The event whose leads join the campaign.',
    example: '6a2f8c4e-9b1d-4e7a-b3c5-0d8e1f2a7b96',
  })
  @IsUUID()
  eventId: string;

  @ApiProperty({
    description: 'The connection (Salesforce, Marketo, HubSpot) that holds the campaign.',
    example: '3f0c6a54-8f0e-4c8e-9a57-6d0f3c1e2b7a',
  })
  @IsUUID()
  connectionId: string;

  @ApiProperty({
    description: 'The Salesforce Campaign id, Marketo program id or HubSpot list id.',
    example: '701000000000001AAA',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  campaignId: string;

  @ApiPropertyOptional({
    description:
      "Member status (Salesforce) or program status (Marketo); the campaign's default when left out. HubSpot lists have none.",
    example: 'Responded',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  status?: string;

  @ApiPropertyOptional({
    type: StatusByAnswerDto,
    description: 'A status chosen by the answer to a qualifier, over `status`.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => StatusByAnswerDto)
  statusByAnswer?: StatusByAnswerDto;

  @ApiPropertyOptional({
    minimum: 1,
    default: 1,
    description: 'Leads scanned fewer times are not added.',
    example: 2,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  minScans?: number;

  @ApiPropertyOptional({
    default: true,
    description: 'A link switched off adds no members.',
    example: true,
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateCampaignLinkDto {
  @ApiPropertyOptional({ description: 'Switch the link on or off.', example: false })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "The member or program status; null for the campaign's default.",
    example: 'Attended',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  status?: string | null;

  @ApiPropertyOptional({
    type: StatusByAnswerDto,
    nullable: true,
    description: 'A status chosen by a qualifier answer; null to drop it.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => StatusByAnswerDto)
  statusByAnswer?: StatusByAnswerDto | null;

  @ApiPropertyOptional({
    minimum: 1,
    description: 'Leads scanned fewer times are not added.',
    example: 1,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  minScans?: number;
}

export class CampaignLinkQueryDto {
  @ApiPropertyOptional({ description: 'Only the links of this event.' })
  @IsOptional()
  @IsUUID()
  eventId?: string;

  @ApiPropertyOptional({ description: 'Only the links of this connection.' })
  @IsOptional()
  @IsUUID()
  connectionId?: string;
}

export class CampaignLinkDto {
  @ApiProperty({ description: 'The link id.', example: '9e3b7a1c-5d2f-4b8e-a6c0-4f1d2e7b9a35' })
  id: string;

  @ApiProperty({ description: 'The event.', example: '6a2f8c4e-9b1d-4e7a-b3c5-0d8e1f2a7b96' })
  eventId: string;

  @ApiProperty({ description: 'The connection.', example: '3f0c6a54-8f0e-4c8e-9a57-6d0f3c1e2b7a' })
  connectionId: string;

  @ApiProperty({ description: 'The integration of the connection.', example: 'salesforce' })
  integration: string;

  @ApiProperty({
    description: "The vendor's campaign, program or list id.",
    example: '701000000000001AAA',
  })
  campaignId: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Its name at the vendor, when it was checked.',
    example: 'Expo 2026',
  })
  campaignName: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The status written; null for the campaign's default.",
    example: 'Responded',
  })
  status: string | null;

  @ApiProperty({
    type: StatusByAnswerDto,
    nullable: true,
    description: 'The status chosen by a qualifier answer.',
  })
  statusByAnswer: StatusByAnswerDto | null;

  @ApiProperty({ description: 'Leads scanned fewer times are not added.', example: 1 })
  minScans: number;

  @ApiProperty({ description: 'Whether the link adds members.', example: true })
  enabled: boolean;

  @ApiProperty({
    type: Date,
    description: 'When the link was made.',
    example: '2026-11-02T09:31:00.000Z',
  })
  createdAt: Date;

  @ApiProperty({
    type: Date,
    description: 'When the link last changed.',
    example: '2026-11-03T14:05:00.000Z',
  })
  updatedAt: Date;

  static from(link: CampaignLink): CampaignLinkDto {
    return {
      id: link.id,
      eventId: link.event.id,
      connectionId: link.connection.id,
      integration: link.connection.integration,
      campaignId: link.campaignId,
      campaignName: link.campaignName ?? null,
      status: link.status ?? null,
      statusByAnswer: link.statusByAnswer ?? null,
      minScans: link.minScans,
      enabled: link.enabled,
      createdAt: link.createdAt,
      updatedAt: link.updatedAt,
    };
  }
}
