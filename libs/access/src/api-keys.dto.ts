import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Org } from '@libs/orgs';
import { OrgRole, type ApiKey } from './api-key.entity';

export class CreateApiKeyDto {
  @ApiProperty({ enum: OrgRole, description: 'admin: configuration; rep: leads only.' })
  @IsEnum(OrgRole)
  role: OrgRole;

  @ApiPropertyOptional({ example: 'Mobly app – reps' })
  @IsOptional()
  @MaxLength(200)
  @IsNotEmpty()
  @IsString()
  name?: string;
}

export class ApiKeyDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ enum: OrgRole })
  role: OrgRole;

  @ApiPropertyOptional()
  name: string | null;

  @ApiProperty()
  createdAt: Date;

  @ApiPropertyOptional({ description: 'When the key was revoked; it no longer authenticates.' })
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
  @ApiProperty({ description: 'Shown once; send it as `Authorization: Bearer <apiKey>`.' })
  apiKey: string;
}

export class OrgCreatedDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'The first admin key. Shown once.' })
  apiKey: string;

  static from(org: Org, apiKey: string): OrgCreatedDto {
    return { id: org.id, name: org.name, apiKey };
  }
}
