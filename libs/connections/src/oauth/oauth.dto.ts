import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { Credentials, Settings } from '@libs/connector-sdk';

export class AuthorizeConnectionDto {
  @ApiPropertyOptional({
    description:
      "The app's fields the integration needs before the vendor's consent page (client id " +
      'and secret). Stored sealed, never returned. Re-authorising keeps the stored ones.',
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { clientId: '…', clientSecret: '…' },
  })
  @IsOptional()
  @IsObject()
  credentials?: Credentials;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Non-secret settings the integration declares (login URL…).',
    example: { loginUrl: 'https://login.salesforce.com' },
  })
  @IsOptional()
  @IsObject()
  settings?: Settings;

  @ApiPropertyOptional({
    description:
      "Where the vendor sends the admin back: the platform's /v1/oauth/callback as registered " +
      'with the vendor app. Must be listed in OAUTH_REDIRECT_URIS; default its first entry.',
    example: 'https://mobly.example.com/v1/oauth/callback',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  redirectUri?: string;

  @ApiPropertyOptional({
    description: 'Re-authorise this connection instead of creating one.',
    example: '3f0c6a54-8f0e-4c8e-9a57-6d0f3c1e2b7a',
  })
  @IsOptional()
  @IsUUID()
  connectionId?: string;
}

export class AuthorizationDto {
  @ApiProperty({
    description: "The vendor's consent page; send the admin's browser there.",
    example:
      'https://login.salesforce.com/services/oauth2/authorize?response_type=code&client_id=…&state=…',
  })
  authorizeUrl: string;

  @ApiProperty({
    description: 'The signed, single-use state carried by the URL.',
    example: 'eyJhbGciOiJIUzI1NiJ9.eyJub25jZSI6Ij…',
  })
  state: string;

  @ApiProperty({
    description: 'When the state expires: the admin must consent before then.',
    example: '2026-11-02T09:40:00.000Z',
  })
  expiresAt: Date;

  @ApiProperty({ description: 'Whether the URL carries a PKCE (S256) challenge.', example: true })
  pkce: boolean;
}
