import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import { uuidParam, type Principal } from '@libs/core';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { TestConnectionResult } from '@libs/connector-sdk';
import { CurrentOrg, CurrentPrincipal, OrgAuthGuard, type Org } from '@libs/orgs';
import { ConnectionDto, CreateConnectionDto } from './connections.dto';
import { ConnectionsService } from './connections.service';
import { AuthorizationDto, AuthorizeConnectionDto } from './oauth/oauth.dto';
import { OAuthService } from './oauth/oauth.service';

@ApiTags('connections')
@ApiBearerAuth()
@UseGuards(OrgAuthGuard)
@Controller({ path: 'connections', version: '1' })
export class ConnectionsController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly oauth: OAuthService,
  ) {}

  @Post()
  async create(
    @CurrentOrg() org: Org,
    @CurrentPrincipal() actor: Principal,
    @Body() body: CreateConnectionDto,
  ): Promise<ConnectionDto> {
    const connection = await this.connections.create(org, body, actor);

    return ConnectionDto.from(await this.connections.get(org, connection.id));
  }

  /**
   * Starts the OAuth connect flow (or re-authorises `connectionId`): send the admin's browser to
   * `authorizeUrl`; the vendor sends it back to the callback, which stores the connection.
   */
  @Post(':integration/authorize')
  async authorize(
    @CurrentOrg() org: Org,
    @Param('integration') integration: string,
    @Body() body: AuthorizeConnectionDto,
  ): Promise<AuthorizationDto> {
    return this.oauth.authorize(org, integration, body);
  }

  @Get()
  async list(@CurrentOrg() org: Org): Promise<ConnectionDto[]> {
    return (await this.connections.list(org)).map((connection) => ConnectionDto.from(connection));
  }

  @Get(':id')
  async get(
    @CurrentOrg() org: Org,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<ConnectionDto> {
    return ConnectionDto.from(await this.connections.get(org, id));
  }

  @Post(':id/test')
  async test(
    @CurrentOrg() org: Org,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<TestConnectionResult> {
    return this.connections.test(org, id);
  }
}
