import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Credentials, NormalisedError, Settings } from '@libs/connector-sdk';
import type { Connection } from './connection.entity';

export class CreateConnectionDto {
  @ApiProperty({ example: 'salesforce', description: 'Integration id from the catalogue.' })
  @MaxLength(80)
  @IsNotEmpty()
  @IsString()
  integration: string;

  @ApiProperty({
    description: 'The auth fields the integration declares. Stored, never returned.',
    example: { clientId: '…', clientSecret: '…', refreshToken: '…' },
  })
  @IsObject()
  credentials: Credentials;

  @ApiPropertyOptional({ example: { loginUrl: 'https://login.salesforce.com' } })
  @IsOptional()
  @IsObject()
  settings?: Settings;
}

export class ConnectionDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  integration: string;

  @ApiProperty()
  category: string;

  @ApiProperty({ enum: ['connected', 'needs_reauth', 'disconnected'] })
  status: string;

  @ApiProperty({ enum: ['automatic', 'manual', 'disabled'] })
  syncMode: string;

  @ApiProperty({ nullable: true, description: 'Where leads are written; none for messaging.' })
  personaObject: string | null;

  @ApiProperty()
  settings: Settings;

  @ApiPropertyOptional()
  account?: string;

  @ApiPropertyOptional({ description: 'Why the connection cannot sync, when it cannot.' })
  problem?: NormalisedError | null;

  @ApiProperty()
  createdAt: Date;

  static from(connection: Connection): ConnectionDto {
    return {
      id: connection.id,
      integration: connection.integration,
      category: connection.category,
      status: connection.status,
      syncMode: connection.syncMode,
      personaObject: connection.personaObject ?? null,
      settings: connection.settings,
      account: connection.account,
      problem: connection.problem ?? null,
      createdAt: connection.createdAt,
    };
  }
}
