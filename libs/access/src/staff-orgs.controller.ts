import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, StaffOnly, type Principal } from '@libs/core';
import { AuditLog } from '@libs/audit';
import { ConnectionPlatform } from '@libs/connections';
import { CreateOrgDto, CurrentPrincipal } from '@libs/orgs';
import { OrgPlatforms } from '@libs/platform-migration';
import { OrgRole } from './api-key.entity';
import { OrgCreatedDto } from './api-keys.dto';
import { ApiKeysService } from './api-keys.service';

/** Onboarding a customer is a Mobly staff action. */
@ApiTags('orgs')
@ApiBearerAuth()
@StaffOnly()
@Controller({ path: 'orgs', version: '1' })
export class StaffOrgsController {
  constructor(
    private readonly platforms: OrgPlatforms,
    private readonly keys: ApiKeysService,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Creates an org with its first admin key (shown once). Every category starts on `platform`:
   * the new platform, or legacy for a customer imported from the legacy stack.
   */
  @Post()
  @ApiOperation({ summary: 'Create an org with its first admin key (staff only).' })
  @ApiCreatedResponse({ type: OrgCreatedDto })
  @ApiProblems(400, 401, 403, 415, 422, 429)
  async create(
    @CurrentPrincipal() actor: Principal,
    @Body() body: CreateOrgDto,
  ): Promise<OrgCreatedDto> {
    const platform =
      body.platform === 'legacy' ? ConnectionPlatform.Legacy : ConnectionPlatform.New;
    const org = await this.platforms.createOrg(body.name, platform);
    await this.audit.record({
      orgId: org.id,
      actor,
      action: 'org.created',
      target: { type: 'org', id: org.id },
      detail: { name: org.name, platform },
    });
    const { key } = await this.keys.create(
      org,
      { role: OrgRole.Admin, name: 'first admin key' },
      actor,
    );

    return OrgCreatedDto.from(org, key, platform);
  }
}
