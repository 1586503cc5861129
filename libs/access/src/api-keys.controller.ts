import { Body, Controller, Delete, Get, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, ApiUuidParam, uuidParam, type Principal } from '@libs/core';
import { CurrentOrg, CurrentPrincipal, OrgAuthGuard, type Org } from '@libs/orgs';
import { ApiKeyCreatedDto, ApiKeyDto, CreateApiKeyDto } from './api-keys.dto';
import { ApiKeysService } from './api-keys.service';

@ApiTags('api-keys')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@UseGuards(OrgAuthGuard)
@Controller({ path: 'api-keys', version: '1' })
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** Issues a key with a role; the key is in this answer only. */
  @Post()
  @ApiOperation({ summary: 'Issue an API key with a role; the key is shown only in this answer.' })
  @ApiCreatedResponse({ type: ApiKeyCreatedDto })
  @ApiProblems(400, 415, 422)
  async create(
    @CurrentOrg() org: Org,
    @CurrentPrincipal() actor: Principal,
    @Body() body: CreateApiKeyDto,
  ): Promise<ApiKeyCreatedDto> {
    const { apiKey, key } = await this.keys.create(org, body, actor);

    return { ...ApiKeyDto.from(apiKey), apiKey: key };
  }

  @Get()
  @ApiOperation({ summary: "List the org's API keys, revoked ones included (never the keys)." })
  @ApiOkResponse({ type: [ApiKeyDto] })
  async list(@CurrentOrg() org: Org): Promise<ApiKeyDto[]> {
    return (await this.keys.list(org)).map((apiKey) => ApiKeyDto.from(apiKey));
  }

  /** Revokes a key: it stops authenticating at once. */
  @Delete(':id')
  @ApiOperation({ summary: 'Revoke an API key: it stops authenticating at once.' })
  @ApiUuidParam('id', 'The key id.')
  @ApiOkResponse({ type: ApiKeyDto, description: 'The key, with `revokedAt` set.' })
  @ApiProblems(404, 409, 422)
  async revoke(
    @CurrentOrg() org: Org,
    @CurrentPrincipal() actor: Principal,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<ApiKeyDto> {
    return ApiKeyDto.from(await this.keys.revoke(org, id, actor));
  }
}
