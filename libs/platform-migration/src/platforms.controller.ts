import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@libs/core';
import { CurrentOrg, OrgAuthGuard, type Org } from '@libs/orgs';
import { OrgMigrationDto } from './migration.dto';
import { MigrationStatus } from './migration-status.service';

/** What an org admin sees of the move to the new platform. */
@ApiTags('migrations')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@UseGuards(OrgAuthGuard)
@Controller({ path: 'platforms', version: '1' })
export class PlatformsController {
  constructor(private readonly status: MigrationStatus) {}

  @Get()
  @ApiOperation({
    summary: 'Which platform each category is on, its checklist, next steps and the sunset.',
  })
  @ApiOkResponse({ type: OrgMigrationDto })
  async get(@CurrentOrg() org: Org): Promise<OrgMigrationDto> {
    return OrgMigrationDto.from(await this.status.of(org));
  }
}
