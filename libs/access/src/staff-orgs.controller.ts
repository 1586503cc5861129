import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, StaffOnly, type Principal } from '@libs/core';
import { AuditLog } from '@libs/audit';
import { CreateOrgDto, CurrentPrincipal, OrgsService } from '@libs/orgs';
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
    private readonly orgs: OrgsService,
    private readonly keys: ApiKeysService,
    private readonly audit: AuditLog,
  ) {}

  /** Creates an org with its first admin key (shown once). */
  @Post()
  @ApiOperation({ summary: 'Create an org with its first admin key (staff only).' })
  @ApiCreatedResponse({ type: OrgCreatedDto })
  @ApiProblems(400, 401, 403, 415, 422, 429)
  async create(
    @CurrentPrincipal() actor: Principal,
    @Body() body: CreateOrgDto,
  ): Promise<OrgCreatedDto> {
    const org = await this.orgs.create(body.name);
    await this.audit.record({
      orgId: org.id,
      actor,
      action: 'org.created',
      target: { type: 'org', id: org.id },
      detail: { name: org.name },
    });
    const { key } = await this.keys.create(
      org,
      { role: OrgRole.Admin, name: 'first admin key' },
      actor,
    );

    return OrgCreatedDto.from(org, key);
  }
}
