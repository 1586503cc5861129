import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Org } from '@libs/orgs';
import { OrgRole, type ApiKey } from './api-key.entity';

const KEY_ID = '5b9e2c1a-7d4f-4e8b-a0c3-1f6d9e2b4a70';
const API_KEY = 'mob_live_3kQ9xV2pL7sT0wR5yU8zA1bC4dE6fG';

export class CreateApiKeyDto {
  @ApiProperty({
    enum: OrgRole,
    description: 'admin: configuration; rep: leads only.',
    example: OrgRole.Rep,
  })
  @IsEnum(OrgRole)
  role: OrgRole;

  @ApiPropertyOptional({
    description: 'A label to tell keys apart; never used to authenticate.',
    example: 'Mobly app – reps',
  })
  @IsOptional()
  @MaxLength(200)
  @IsNotEmpty()
  @IsString()
  name?: string;
}

export class ApiKeyDto {
  @ApiProperty({ description: 'The key id (not the key).', example: KEY_ID })
  id: string;

  @ApiProperty({ enum: OrgRole, description: 'What the key may do.', example: OrgRole.Rep })
  role: OrgRole;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Its label.',
    example: 'Mobly app – reps',
  })
  name: string | null;

  @ApiProperty({ description: 'When it was issued.', example: '2026-11-02T09:30:00.000Z' })
  createdAt: Date;

  @ApiProperty({
    type: Date,
    nullable: true,
    description: 'When the key was revoked; it no longer authenticates.',
    example: null,
  })
  revokedAt: Date | null;

  static from(apiKey: ApiKey): ApiKeyDto {
    return {
      id: apiKey.id,
      role: apiKey.role,
      name: apiKey.name ?? null,
      createdAt: apiKey.createdAt,
      revokedAt: apiKey.revokedAt ?? null,
    };
  }
}

export class ApiKeyCreatedDto extends ApiKeyDto {
  @ApiProperty({
    description: 'Shown once; send it as `Authorization: Bearer <apiKey>`.',
    example: API_KEY,
  })
  apiKey: string;
}

export class OrgCreatedDto {
  @ApiProperty({ description: 'The org id.', example: '8d1e5f0a-2b7c-4f39-9c1d-0e6a4b2f7c31' })
  id: string;

  @ApiProperty({ description: 'The customer name.', example: 'Acme Events' })
  name: string;

  @ApiProperty({ description: 'The first admin key. Shown once.', example: API_KEY })
  apiKey: string;

  @ApiProperty({
    enum: ['legacy', 'new'],
    description: 'The platform every category of the org starts on.',
    example: 'new',
  })
  platform: 'legacy' | 'new';

  static from(org: Org, apiKey: string, platform: 'legacy' | 'new'): OrgCreatedDto {
    return { id: org.id, name: org.name, apiKey, platform };
  }
}
