import { Body, Controller, Delete, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiProblems, ApiUuidParam, uuidParam, type Principal } from '@libs/core';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsEnum, IsObject } from 'class-validator';
import type { Credentials } from '@libs/connector-sdk';
import { ConnectionDto, ConnectionsService, SyncMode } from '@libs/connections';
import { CurrentOrg, CurrentPrincipal, OrgAuthGuard, type Org } from '@libs/orgs';
import { SyncModesService } from './sync-modes.service';

export class SetSyncModeDto {
  @ApiProperty({
    enum: SyncMode,
    description: 'Automatic sync, manual push (held as Frozen) or disabled (held as Paused).',
    example: SyncMode.Manual,
  })
  @IsEnum(SyncMode)
  mode: SyncMode;
}

export class ReauthorizeDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'New credentials, with the fields the integration declares.',
    example: { clientId: '…', clientSecret: '…', refreshToken: '…' },
  })
  @IsObject()
  credentials: Credentials;
}

export class MovedDto {
  @ApiProperty({ description: 'How many leads changed state.', example: 42 })
  moved: number;
}

@ApiTags('sync')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@ApiUuidParam('connectionId', 'The connection id.')
@UseGuards(OrgAuthGuard)
@Controller({ path: 'connections/:connectionId', version: '1' })
export class SyncModesController {
  constructor(
    private readonly modes: SyncModesService,
    private readonly connections: ConnectionsService,
  ) {}

  /** Automatic, manual (held as Frozen) or disabled (held as Paused). */
  @Put('sync-mode')
  @ApiOperation({ summary: "Set a connection's sync mode; held leads move accordingly." })
  @ApiOkResponse({ type: MovedDto })
  @ApiProblems(400, 404, 409, 415, 422)
  async setMode(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Body() body: SetSyncModeDto,
  ): Promise<MovedDto> {
    return { moved: await this.modes.chooseMode(org, connectionId, body.mode) };
  }

  /** Re-authorise with new credentials; held leads then sync on their own. */
  @Post('reauthorize')
  @ApiOperation({ summary: 'Re-authorise a connection with new credentials.' })
  @ApiCreatedResponse({ type: ConnectionDto })
  @ApiProblems(400, 404, 415, 422)
  async reauthorize(
    @CurrentOrg() org: Org,
    @CurrentPrincipal() actor: Principal,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Body() body: ReauthorizeDto,
  ): Promise<ConnectionDto> {
    return this.connections.view(
      await this.modes.reauthorize(org, connectionId, body.credentials, actor),
    );
  }

  /** Disconnect: credentials erased, waiting leads held as Paused. */
  @Delete()
  @ApiOperation({ summary: 'Disconnect: erase the credentials and hold waiting leads as Paused.' })
  @ApiOkResponse({ type: ConnectionDto })
  @ApiProblems(404, 422)
  async disconnect(
    @CurrentOrg() org: Org,
    @CurrentPrincipal() actor: Principal,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
  ): Promise<ConnectionDto> {
    return this.connections.view(await this.modes.disconnect(org, connectionId, actor));
  }
}
