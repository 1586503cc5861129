import { Body, Controller, Get, Headers, Param, Patch, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiProblems, ApiUuidParam, uuidParam, type Principal } from '@libs/core';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentOrg, CurrentPrincipal, OrgAuthGuard, type Org } from '@libs/orgs';
import {
  ConnectionDto,
  CreateConnectionDto,
  TestConnectionResultDto,
  UpdateConnectionDto,
} from './connections.dto';
import { ConnectionsService } from './connections.service';
import { settingsTag } from './settings-tag';
import { AuthorizationDto, AuthorizeConnectionDto } from './oauth/oauth.dto';
import { OAuthService } from './oauth/oauth.service';

/** The version of a connection's settings, to send back as If-Match when changing them. */
const SETTINGS_ETAG = {
  ETag: {
    description: "The version of the connection's settings; send it as If-Match with PATCH.",
    schema: { type: 'string' },
  },
};

@ApiTags('connections')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@UseGuards(OrgAuthGuard)
@Controller({ path: 'connections', version: '1' })
export class ConnectionsController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly oauth: OAuthService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Connect an integration with credentials, then test them.' })
  @ApiCreatedResponse({ type: ConnectionDto })
  @ApiProblems(400, 404, 415, 422)
  async create(
    @CurrentOrg() org: Org,
    @CurrentPrincipal() actor: Principal,
    @Body() body: CreateConnectionDto,
  ): Promise<ConnectionDto> {
    const connection = await this.connections.create(org, body, actor);

    return this.connections.view(await this.connections.get(org, connection.id));
  }

  /**
   * Starts the OAuth connect flow (or re-authorises `connectionId`): send the admin's browser to
   * `authorizeUrl`; the vendor sends it back to the callback, which stores the connection.
   */
  @Post(':integration/authorize')
  @ApiOperation({ summary: 'Start the OAuth connect (or re-authorise) flow of an integration.' })
  @ApiParam({
    name: 'integration',
    description: 'Integration id from the catalogue.',
    example: 'salesforce',
  })
  @ApiCreatedResponse({ type: AuthorizationDto })
  @ApiProblems(400, 404, 415, 422)
  async authorize(
    @CurrentOrg() org: Org,
    @Param('integration') integration: string,
    @Body() body: AuthorizeConnectionDto,
  ): Promise<AuthorizationDto> {
    return this.oauth.authorize(org, integration, body);
  }

  @Get()
  @ApiOperation({ summary: "List the org's connections and their status." })
  @ApiOkResponse({ type: [ConnectionDto] })
  async list(@CurrentOrg() org: Org): Promise<ConnectionDto[]> {
    return (await this.connections.list(org)).map((connection) =>
      this.connections.view(connection),
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get one connection.' })
  @ApiUuidParam('id', 'The connection id.')
  @ApiOkResponse({ type: ConnectionDto, headers: SETTINGS_ETAG })
  @ApiProblems(404, 422)
  async get(
    @CurrentOrg() org: Org,
    @Param('id', uuidParam('id')) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ConnectionDto> {
    const connection = await this.connections.get(org, id);
    response.setHeader('ETag', settingsTag(connection.settings));

    return this.connections.view(connection);
  }

  /** Changes settings (e.g. the matching strategy); leads synced from then on use them. */
  @Patch(':id')
  @ApiOperation({ summary: "Change a connection's settings, checked as on creation." })
  @ApiUuidParam('id', 'The connection id.')
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag of the connection as read; a stale one answers 409 and changes nothing.',
  })
  @ApiOkResponse({ type: ConnectionDto, headers: SETTINGS_ETAG })
  @ApiProblems(400, 404, 409, 415, 422)
  async update(
    @CurrentOrg() org: Org,
    @CurrentPrincipal() actor: Principal,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: UpdateConnectionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ConnectionDto> {
    const connection = await this.connections.updateSettings(
      org,
      id,
      body.settings,
      ifMatch,
      actor,
    );
    response.setHeader('ETag', settingsTag(connection.settings));

    return this.connections.view(connection);
  }

  @Post(':id/test')
  @ApiOperation({ summary: "Test a connection's stored credentials and record the outcome." })
  @ApiUuidParam('id', 'The connection id.')
  @ApiCreatedResponse({ type: TestConnectionResultDto })
  @ApiProblems(404, 422)
  async test(
    @CurrentOrg() org: Org,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<TestConnectionResultDto> {
    return this.connections.test(org, id);
  }
}
