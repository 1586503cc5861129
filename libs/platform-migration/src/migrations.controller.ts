import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConnectionPlatform } from '@libs/connections';
import { ApiProblems, ApiUuidParam, StaffOnly, uuidParam, type Principal } from '@libs/core';
import { CurrentPrincipal } from '@libs/orgs';
import type { MigratedCategory } from './categories';
import { ApiCategoryParam, CategoryParam } from './category.param';
import {
  CategoryPlatformDto,
  MigrationListQueryDto,
  OrgMigrationDto,
  OrgMigrationPageDto,
  SwitchPlatformDto,
} from './migration.dto';
import { MigrationStatus } from './migration-status.service';
import { PlatformSwitch } from './platform-switch.service';

/** Mobly staff move orgs between the legacy and the new platform, one category at a time. */
@ApiTags('migrations')
@ApiBearerAuth()
@StaffOnly()
@ApiProblems(401, 403, 429)
@Controller({ path: 'migrations', version: '1' })
export class MigrationsController {
  constructor(
    private readonly status: MigrationStatus,
    private readonly switches: PlatformSwitch,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List orgs with their platforms and checklists (staff only).' })
  @ApiOkResponse({ type: OrgMigrationPageDto })
  @ApiProblems(422)
  async list(@Query() query: MigrationListQueryDto): Promise<OrgMigrationPageDto> {
    const page = await this.status.list(query);

    return {
      orgs: page.orgs.map((org) => OrgMigrationDto.from(org)),
      total: page.total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  @Get(':orgId')
  @ApiOperation({ summary: "An org's platforms, checklists and next steps (staff only)." })
  @ApiUuidParam('orgId', 'The org id.')
  @ApiOkResponse({ type: OrgMigrationDto })
  @ApiProblems(404, 422)
  async get(@Param('orgId', uuidParam('orgId')) orgId: string): Promise<OrgMigrationDto> {
    return OrgMigrationDto.from(await this.status.ofOrg(orgId));
  }

  /** Moves a category to the new platform, now or at `at`; leads stored before finish on legacy. */
  @Post(':orgId/:category/switch')
  @HttpCode(200)
  @ApiOperation({ summary: 'Switch a category to the new platform, now or at a time (staff).' })
  @ApiUuidParam('orgId', 'The org id.')
  @ApiCategoryParam()
  @ApiOkResponse({ type: CategoryPlatformDto })
  @ApiProblems(400, 404, 409, 415, 422)
  async switch(
    @CurrentPrincipal() actor: Principal,
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @Param('category', CategoryParam) category: MigratedCategory,
    @Body() body: SwitchPlatformDto,
  ): Promise<CategoryPlatformDto> {
    const row = await this.switches.request({
      orgId,
      category,
      to: ConnectionPlatform.New,
      at: body.at,
      actor,
    });

    return CategoryPlatformDto.from(row);
  }

  /** Moves a category back to legacy, now or at `at`; leads stored before finish on the new one. */
  @Post(':orgId/:category/rollback')
  @HttpCode(200)
  @ApiOperation({ summary: 'Roll a category back to legacy, now or at a time (staff).' })
  @ApiUuidParam('orgId', 'The org id.')
  @ApiCategoryParam()
  @ApiOkResponse({ type: CategoryPlatformDto })
  @ApiProblems(400, 404, 409, 415, 422)
  async rollback(
    @CurrentPrincipal() actor: Principal,
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @Param('category', CategoryParam) category: MigratedCategory,
    @Body() body: SwitchPlatformDto,
  ): Promise<CategoryPlatformDto> {
    const row = await this.switches.request({
      orgId,
      category,
      to: ConnectionPlatform.Legacy,
      at: body.at,
      actor,
    });

    return CategoryPlatformDto.from(row);
  }

  @Delete(':orgId/:category/schedule')
  @ApiOperation({ summary: "Cancel a category's scheduled switch (staff only)." })
  @ApiUuidParam('orgId', 'The org id.')
  @ApiCategoryParam()
  @ApiOkResponse({ type: CategoryPlatformDto })
  @ApiProblems(404, 409, 422)
  async cancel(
    @CurrentPrincipal() actor: Principal,
    @Param('orgId', uuidParam('orgId')) orgId: string,
    @Param('category', CategoryParam) category: MigratedCategory,
  ): Promise<CategoryPlatformDto> {
    return CategoryPlatformDto.from(await this.switches.cancel(orgId, category, actor));
  }
}
