import { Body, Controller, Delete, Get, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { uuidParam, type Principal } from '@libs/core';
import { CurrentOrg, CurrentPrincipal, OrgAuthGuard, type Org } from '@libs/orgs';
import { ApiKeyCreatedDto, ApiKeyDto, CreateApiKeyDto } from './api-keys.dto';
import { ApiKeysService } from './api-keys.service';

@ApiTags('api-keys')
@ApiBearerAuth()
@UseGuards(OrgAuthGuard)
@Controller({ path: 'api-keys', version: '1' })
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** Issues a key with a role; the key is in this answer only. */
  @Post()
  async create(
    @CurrentOrg() org: Org,
    @CurrentPrincipal() actor: Principal,
    @Body() body: CreateApiKeyDto,
  ): Promise<ApiKeyCreatedDto> {
    const { apiKey, key } = await this.keys.create(org, body, actor);

    return { ...ApiKeyDto.from(apiKey), apiKey: key };
  }

  @Get()
  async list(@CurrentOrg() org: Org): Promise<ApiKeyDto[]> {
    return (await this.keys.list(org)).map((apiKey) => ApiKeyDto.from(apiKey));
  }

  /** Revokes a key: it stops authenticating at once. */
  @Delete(':id')
  async revoke(
    @CurrentOrg() org: Org,
    @CurrentPrincipal() actor: Principal,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<ApiKeyDto> {
    return ApiKeyDto.from(await this.keys.revoke(org, id, actor));
  }
}
