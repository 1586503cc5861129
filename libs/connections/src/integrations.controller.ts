import { Controller, Get, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems } from '@libs/core';
import type { IntegrationCategory } from '@libs/connector-sdk';
import { ConnectorRegistry } from '@libs/plugin-host';
import { CurrentOrg, OrgAuthGuard, type Org } from '@libs/orgs';
import { ConnectionStatus, type Connection } from './connection.entity';
import { ConnectionsService } from './connections.service';

const CATEGORIES: { id: IntegrationCategory; label: string }[] = [
  { id: 'crm', label: 'CRM' },
  { id: 'marketing_automation', label: 'Marketing automation' },
  { id: 'communication', label: 'Communication' },
  { id: 'webhook', label: 'Webhooks' },
];

export class IntegrationConnectionDto {
  @ApiProperty({
    description: 'The connection id.',
    example: '3f0c6a54-8f0e-4c8e-9a57-6d0f3c1e2b7a',
  })
  id: string;

  @ApiProperty({
    enum: ['connected', 'needs_reauth', 'disconnected'],
    description: 'Whether it can sync.',
    example: 'connected',
  })
  status: string;

  @ApiProperty({
    enum: ['automatic', 'manual', 'disabled'],
    description: 'How its leads are synced.',
    example: 'automatic',
  })
  syncMode: string;
}

export class AuthFieldDto {
  @ApiProperty({ description: 'The key to send in `credentials`.', example: 'clientSecret' })
  name: string;

  @ApiProperty({ description: 'What to show the admin.', example: 'Client secret' })
  label: string;

  @ApiProperty({ description: 'A secret: stored sealed, never returned.', example: true })
  secret: boolean;

  @ApiProperty({ description: 'Whether connecting needs it.', example: true })
  required: boolean;

  @ApiPropertyOptional({
    description: 'Where the admin finds it.',
    example: 'The consumer secret of your Salesforce connected app.',
  })
  description?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'The values it accepts, when it is a choice.',
    example: ['leads_only', 'leads_and_contacts', 'accounts_and_contacts'],
  })
  options?: readonly string[];
}

export class OAuthFlowDto {
  @ApiProperty({
    type: [String],
    description: "The app's fields the admin gives before the consent page.",
    example: ['clientId', 'clientSecret'],
  })
  appFields: readonly string[];

  @ApiProperty({ description: 'Whether the flow uses PKCE (S256).', example: true })
  pkce: boolean;
}

export class CapabilitiesDto {
  @ApiProperty({
    type: [String],
    description: 'The objects the integration writes.',
    example: ['Lead', 'Contact', 'CampaignMember'],
  })
  objects: string[];

  @ApiProperty({ description: "It writes leads in the vendor's batch API.", example: true })
  batchUpsert: boolean;

  @ApiProperty({ description: 'It adds leads to campaigns.', example: true })
  campaigns: boolean;

  @ApiProperty({ description: 'It posts messages (notification rules).', example: false })
  notify: boolean;
}

export class IntegrationCardDto {
  @ApiProperty({ description: 'Integration id, used to connect it.', example: 'salesforce' })
  id: string;

  @ApiProperty({ description: 'Its name.', example: 'Salesforce' })
  displayName: string;

  @ApiProperty({ description: 'Version of its connector.', example: '1.4.0' })
  version: string;

  @ApiProperty({
    enum: ['connected', 'needs_attention', 'not_connected', 'unavailable'],
    description: "This org's state with it: `needs_attention` when a connection needs re-auth.",
    example: 'connected',
  })
  status: string;

  @ApiProperty({
    enum: ['oauth2_authorization_code', 'client_credentials', 'api_key', 'password'],
    description: 'How it authenticates.',
    example: 'oauth2_authorization_code',
  })
  authScheme: string;

  @ApiProperty({ type: [AuthFieldDto], description: 'What the admin fills in to connect.' })
  authFields: AuthFieldDto[];

  @ApiProperty({
    type: OAuthFlowDto,
    nullable: true,
    description:
      'Set when the integration connects through POST /v1/connections/:integration/authorize: ' +
      'the fields the admin gives first, and whether the flow uses PKCE.',
  })
  oauth: OAuthFlowDto | null;

  @ApiProperty({ type: CapabilitiesDto, description: 'What it can do.' })
  capabilities: CapabilitiesDto;

  @ApiProperty({ type: [IntegrationConnectionDto], description: "This org's connections to it." })
  connections: IntegrationConnectionDto[];
}

export class UnavailableIntegrationDto {
  @ApiProperty({ description: 'The plugin that failed to load.', example: 'marketo' })
  plugin: string;

  @ApiProperty({
    description: 'Why it is unavailable.',
    example: 'exports no connector definition',
  })
  reason: string;
}

export class CategoryDto {
  @ApiProperty({
    enum: CATEGORIES.map((category) => category.id),
    description: 'The category id.',
    example: 'crm',
  })
  category: string;

  @ApiProperty({ description: 'Its heading.', example: 'CRM' })
  label: string;

  @ApiProperty({ type: [IntegrationCardDto], description: 'Its integrations.' })
  integrations: IntegrationCardDto[];
}

export class CatalogueDto {
  @ApiProperty({ type: [CategoryDto], description: 'Integrations grouped by category.' })
  categories: CategoryDto[];

  @ApiPropertyOptional({
    type: [UnavailableIntegrationDto],
    description: 'Connector plugins that could not be loaded.',
  })
  unavailable: UnavailableIntegrationDto[];
}

function cardStatus(connections: Connection[]): string {
  const live = connections.filter(
    (connection) => connection.status !== ConnectionStatus.Disconnected,
  );
  if (live.length === 0) return 'not_connected';

  return live.some((connection) => connection.status === ConnectionStatus.NeedsReauth)
    ? 'needs_attention'
    : 'connected';
}

@ApiTags('integrations')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@UseGuards(OrgAuthGuard)
@Controller({ path: 'integrations', version: '1' })
export class IntegrationsController {
  constructor(
    private readonly registry: ConnectorRegistry,
    private readonly connections: ConnectionsService,
  ) {}

  /** The Integrations page: cards grouped by category, with this org's connection status. */
  @Get()
  @ApiOperation({ summary: "List the integrations by category, with this org's connections." })
  @ApiOkResponse({ type: CatalogueDto })
  async catalogue(@CurrentOrg() org: Org): Promise<CatalogueDto> {
    const connections = await this.connections.list(org);
    const cards = this.registry.list().map((definition) => {
      const own = connections.filter((connection) => connection.integration === definition.id);

      return {
        category: definition.category,
        card: {
          id: definition.id,
          displayName: definition.displayName,
          version: definition.version,
          status: cardStatus(own),
          authScheme: definition.auth.scheme,
          authFields: definition.auth.fields,
          oauth: definition.auth.oauth
            ? { appFields: definition.auth.oauth.appFields, pkce: definition.auth.oauth.pkce }
            : null,
          capabilities: {
            ...definition.capabilities,
            objects: definition.capabilities.objects.map((object) => object.name),
          },
          connections: own.map((connection) => ({
            id: connection.id,
            status: connection.status,
            syncMode: connection.syncMode,
          })),
        },
      };
    });

    return {
      categories: CATEGORIES.map((category) => ({
        category: category.id,
        label: category.label,
        integrations: cards
          .filter((card) => card.category === category.id)
          .map((card) => card.card),
      })),
      unavailable: this.registry.unavailable,
    };
  }
}
