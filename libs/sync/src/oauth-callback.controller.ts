import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ConnectionDto, ConnectionsService, type OAuthCallback } from '@libs/connections';
import { ApiProblems, Public } from '@libs/core';
import { SyncModesService } from './sync-modes.service';

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Where vendors send the admin's browser back after the consent page. No API key: the browser
 * comes from the vendor, and the signed, single-use `state` says which org asked.
 */
@ApiTags('connections')
@Public()
@Controller({ path: 'oauth', version: '1' })
export class OAuthCallbackController {
  constructor(
    private readonly modes: SyncModesService,
    private readonly connections: ConnectionsService,
  ) {}

  @Get('callback')
  @ApiOperation({ summary: 'OAuth redirect target: checks the state, stores the connection.' })
  @ApiQuery({
    name: 'code',
    required: false,
    description: 'The authorization code the vendor issued.',
    example: 'aPrxq7Yb2v…',
  })
  @ApiQuery({
    name: 'state',
    required: false,
    description: 'The state of the authorize answer, carried back by the vendor.',
    example: 'eyJhbGciOiJIUzI1NiJ9.eyJub25jZSI6Ij…',
  })
  @ApiQuery({
    name: 'error',
    required: false,
    description: 'Set by the vendor when the admin declined or the request was refused.',
    example: 'access_denied',
  })
  @ApiQuery({
    name: 'error_description',
    required: false,
    description: "The vendor's explanation of `error`.",
    example: 'end-user denied authorization',
  })
  @ApiOkResponse({ type: ConnectionDto, description: 'The connection, created or re-authorised.' })
  @ApiProblems(400, 404, 422, 429, 502)
  async callback(@Query() query: Record<string, unknown>): Promise<ConnectionDto> {
    // Vendors add parameters of their own (scope, hub id…): only these four are read.
    const callback: OAuthCallback = {
      code: text(query.code),
      state: text(query.state),
      error: text(query.error),
      error_description: text(query.error_description),
    };

    return this.connections.view(await this.modes.completeAuthorization(callback));
  }
}
