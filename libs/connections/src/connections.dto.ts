import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NormalisedErrorDto } from '@libs/core';
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
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'The auth fields the integration declares. Stored, never returned.',
    example: { clientId: '…', clientSecret: '…', refreshToken: '…' },
  })
  @IsObject()
  credentials: Credentials;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Non-secret settings the integration declares (login URL, matching…).',
    example: { loginUrl: 'https://login.salesforce.com' },
  })
  @IsOptional()
  @IsObject()
  settings?: Settings;
}

export class UpdateConnectionDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    description:
      'Settings to change, checked as on creation; `null` removes one. Others stay as they are.',
    example: { matchingStrategy: 'accounts_and_contacts' },
  })
  @IsObject()
  settings: Record<string, string | null>;
}

export class ConnectionDto {
  @ApiProperty({
    description: 'The connection id.',
    example: '3f0c6a54-8f0e-4c8e-9a57-6d0f3c1e2b7a',
  })
  id: string;

  @ApiProperty({ description: 'Integration id from the catalogue.', example: 'salesforce' })
  integration: string;

  @ApiProperty({
    enum: ['crm', 'marketing_automation', 'communication', 'webhook'],
    description: 'What kind of system the integration is.',
    example: 'crm',
  })
  category: string;

  @ApiProperty({
    enum: ['connected', 'needs_reauth', 'disconnected'],
    description: 'Whether it can sync; `needs_reauth` waits for new credentials.',
    example: 'connected',
  })
  status: string;

  @ApiProperty({
    enum: ['legacy', 'new'],
    description: 'A legacy integration (maintenance mode) or a connection of the new platform.',
    example: 'new',
  })
  platform: string;

  @ApiProperty({
    enum: ['automatic', 'manual', 'disabled'],
    description: 'Automatic sync, manual push (held as Frozen) or disabled (held as Paused).',
    example: 'automatic',
  })
  syncMode: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Where leads are written; none for messaging.',
    example: 'Lead',
  })
  personaObject: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Non-secret settings of the connection.',
    example: { loginUrl: 'https://login.salesforce.com' },
  })
  settings: Settings;

  @ApiPropertyOptional({
    description: 'The account the credentials belong to (org id, portal, workspace…).',
    example: '00D5g000004xYzAEAU',
  })
  account?: string;

  @ApiPropertyOptional({
    type: NormalisedErrorDto,
    nullable: true,
    description: 'Why the connection cannot sync, when it cannot.',
  })
  problem?: NormalisedError | null;

  @ApiProperty({ description: 'When it was created.', example: '2026-11-02T09:30:00.000Z' })
  createdAt: Date;

  /** `secretSettings`: the settings the connector declares secret, left out. */
  static from(connection: Connection, secretSettings: readonly string[] = []): ConnectionDto {
    const settings = Object.fromEntries(
      Object.entries(connection.settings).filter(([name]) => !secretSettings.includes(name)),
    );

    return {
      id: connection.id,
      integration: connection.integration,
      category: connection.category,
      status: connection.status,
      platform: connection.platform,
      syncMode: connection.syncMode,
      personaObject: connection.personaObject ?? null,
      settings,
      account: connection.account,
      problem: connection.problem ?? null,
      createdAt: connection.createdAt,
    };
  }
}

/** The outcome of testing a connection's credentials against the vendor. */
export class TestConnectionResultDto {
  @ApiProperty({ description: 'Whether the vendor accepted the credentials.', example: true })
  ok: boolean;

  @ApiPropertyOptional({
    description: 'The account the credentials belong to (org id, portal, workspace…).',
    example: '00D5g000004xYzAEAU',
  })
  account?: string;

  @ApiPropertyOptional({
    type: NormalisedErrorDto,
    description: 'Why the vendor refused, when it did.',
  })
  error?: NormalisedError;
}
