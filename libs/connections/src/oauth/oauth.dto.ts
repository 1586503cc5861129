import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { Credentials, Settings } from '@libs/connector-sdk';

export class AuthorizeConnectionDto {
  @ApiPropertyOptional({
    description:
      "The app's fields the integration needs before the vendor's consent page (client id " +
      'and secret). Stored sealed, never returned. Re-authorising keeps the stored ones.',
    example: { clientId: '…', clientSecret: '…' },
  })
  @IsOptional()
  @IsObject()
  credentials?: Credentials;

  @ApiPropertyOptional({ example: { loginUrl: 'https://login.salesforce.com' } })
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

  @ApiPropertyOptional({ description: 'Re-authorise this connection instead of creating one.' })
  @IsOptional()
  @IsUUID()
  connectionId?: string;
}

export class AuthorizationDto {
  @ApiProperty({ description: "The vendor's consent page; send the admin's browser there." })
  authorizeUrl: string;

  @ApiProperty({ description: 'The signed, single-use state carried by the URL.' })
  state: string;

  @ApiProperty()
  expiresAt: Date;

  @ApiProperty({ description: 'Whether the URL carries a PKCE (S256) challenge.' })
  pkce: boolean;
}
