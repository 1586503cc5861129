import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { AuthField, IntegrationCategory } from '@libs/connector-sdk';
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
  @ApiProperty()
  id: string;

  @ApiProperty({ enum: ['connected', 'needs_reauth', 'disconnected'] })
  status: string;

  @ApiProperty({ enum: ['automatic', 'manual', 'disabled'] })
  syncMode: string;
}

export class IntegrationCardDto {
  @ApiProperty({ example: 'salesforce' })
  id: string;

  @ApiProperty({ example: 'Salesforce' })
  displayName: string;

  @ApiProperty()
  version: string;

  @ApiProperty({ enum: ['connected', 'needs_attention', 'not_connected', 'unavailable'] })
  status: string;

  @ApiProperty()
  authScheme: string;

  @ApiProperty({ description: 'What the admin fills in to connect.' })
  authFields: AuthField[];

  @ApiProperty({
    nullable: true,
    description:
      'Set when the integration connects through POST /v1/connections/:integration/authorize: ' +
      'the fields the admin gives first, and whether the flow uses PKCE.',
  })
  oauth: { appFields: readonly string[]; pkce: boolean } | null;

  @ApiProperty()
  capabilities: { objects: string[]; batchUpsert: boolean; campaigns: boolean; notify: boolean };

  @ApiProperty({ type: [IntegrationConnectionDto] })
  connections: IntegrationConnectionDto[];
}

export class UnavailableIntegrationDto {
  @ApiProperty()
  plugin: string;

  @ApiProperty()
  reason: string;
}

export class CategoryDto {
  @ApiProperty({ enum: CATEGORIES.map((category) => category.id) })
  category: string;

  @ApiProperty()
  label: string;

  @ApiProperty({ type: [IntegrationCardDto] })
  integrations: IntegrationCardDto[];
}

export class CatalogueDto {
  @ApiProperty({ type: [CategoryDto] })
  categories: CategoryDto[];

  @ApiPropertyOptional({ type: [UnavailableIntegrationDto] })
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
@UseGuards(OrgAuthGuard)
@Controller({ path: 'integrations', version: '1' })
export class IntegrationsController {
  constructor(
    private readonly registry: ConnectorRegistry,
    private readonly connections: ConnectionsService,
  ) {}

  /** The Integrations page: cards grouped by category, with this org's connection status. */
  @Get()
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
