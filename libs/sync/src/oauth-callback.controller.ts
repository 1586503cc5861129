import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConnectionDto, type OAuthCallback } from '@libs/connections';
import { Public } from '@libs/core';
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
  constructor(private readonly modes: SyncModesService) {}

  @Get('callback')
  @ApiOperation({ summary: 'OAuth redirect target: checks the state, stores the connection.' })
  async callback(@Query() query: Record<string, unknown>): Promise<ConnectionDto> {
    // Vendors add parameters of their own (scope, hub id…): only these four are read.
    const callback: OAuthCallback = {
      code: text(query.code),
      state: text(query.state),
      error: text(query.error),
      error_description: text(query.error_description),
    };

    return ConnectionDto.from(await this.modes.completeAuthorization(callback));
  }
}
