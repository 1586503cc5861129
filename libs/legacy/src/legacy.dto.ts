import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString } from 'class-validator';
import type { Credentials, Settings } from '@libs/connector-sdk';
import { LEGACY_INTEGRATIONS, SyncMode } from '@libs/connections';
import type { LegacyPanel } from './legacy-panel';

export const LEGACY_VENDORS = Object.keys(LEGACY_INTEGRATIONS);

export class CreateLegacyConnectionDto {
  @ApiProperty({
    enum: LEGACY_VENDORS,
    description: 'The vendor of the legacy integration.',
    example: 'salesforce',
  })
  @IsIn(LEGACY_VENDORS)
  @IsNotEmpty()
  @IsString()
  vendor: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'Salesforce: `username`, `password` and `securityToken`. HubSpot: `privateAppToken` (pat-…). Stored, never returned.',
    example: { username: 'ops@acme.example', password: '…', securityToken: '…' },
  })
  @IsObject()
  credentials: Credentials;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Salesforce: `loginUrl`. HubSpot: `baseUrl`.',
    example: { loginUrl: 'https://login.salesforce.com' },
  })
  @IsOptional()
  @IsObject()
  settings?: Settings;

  @ApiPropertyOptional({
    enum: SyncMode,
    description: 'Legacy integrations always sync automatically: only `automatic` is accepted.',
    example: SyncMode.Automatic,
  })
  @IsOptional()
  @IsString()
  syncMode?: string;
}

export class LegacyPanelInputDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'The whole panel: each remote field with the legacy Mobly field (snake_case) written to it.',
    example: { LastName: 'last_name', Company: 'company_name', Email: 'email' },
  })
  @IsObject()
  fields: LegacyPanel;
}

export class LegacyPanelDto {
  @ApiProperty({ description: 'The remote object the panel writes.', example: 'Lead' })
  object: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Each remote field with the legacy Mobly field written to it.',
    example: { LastName: 'last_name', Company: 'company_name', Email: 'email' },
  })
  fields: LegacyPanel;
}

export class LegacyConfigurationDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
    description: 'One panel per object, in the legacy configuration shape.',
    example: { Lead: { LastName: 'last_name', Company: 'company_name', Email: 'email' } },
  })
  objects: Record<string, LegacyPanel>;
}

export class LegacyFieldDto {
  @ApiProperty({ description: 'The legacy field name.', example: 'company_name' })
  name: string;

  @ApiProperty({ description: 'The Mobly lead field path it is now.', example: 'company.name' })
  path: string;
}
