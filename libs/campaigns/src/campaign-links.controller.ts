import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, ApiUuidParam, uuidParam } from '@libs/core';
import { CurrentOrg, OrgAuthGuard, type Org } from '@libs/orgs';
import {
  CampaignLinkDto,
  CampaignLinkQueryDto,
  CreateCampaignLinkDto,
  UpdateCampaignLinkDto,
} from './campaign-links.dto';
import { CampaignLinksService } from './campaign-links.service';

@ApiTags('campaigns')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@UseGuards(OrgAuthGuard)
@Controller({ path: 'campaign-links', version: '1' })
export class CampaignLinksController {
  constructor(private readonly links: CampaignLinksService) {}

  @Post()
  @ApiOperation({
    summary: 'Link an event to a campaign: its leads join it once their person is written.',
  })
  @ApiCreatedResponse({ type: CampaignLinkDto })
  @ApiProblems(400, 415, 422, 502)
  async create(
    @CurrentOrg() org: Org,
    @Body() body: CreateCampaignLinkDto,
  ): Promise<CampaignLinkDto> {
    return CampaignLinkDto.from(await this.links.create(org, body));
  }

  @Get()
  @ApiOperation({ summary: "List the org's campaign links, by event or connection." })
  @ApiOkResponse({ type: [CampaignLinkDto] })
  @ApiProblems(400, 422)
  async list(
    @CurrentOrg() org: Org,
    @Query() query: CampaignLinkQueryDto,
  ): Promise<CampaignLinkDto[]> {
    return (await this.links.list(org, query)).map((link) => CampaignLinkDto.from(link));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a campaign link.' })
  @ApiUuidParam('id', 'The link id.')
  @ApiOkResponse({ type: CampaignLinkDto })
  @ApiProblems(404, 422)
  async get(
    @CurrentOrg() org: Org,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<CampaignLinkDto> {
    return CampaignLinkDto.from(await this.links.get(org, id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Switch a campaign link on or off, or change its statuses or scans.' })
  @ApiUuidParam('id', 'The link id.')
  @ApiOkResponse({ type: CampaignLinkDto })
  @ApiProblems(400, 404, 415, 422, 502)
  async update(
    @CurrentOrg() org: Org,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: UpdateCampaignLinkDto,
  ): Promise<CampaignLinkDto> {
    return CampaignLinkDto.from(await this.links.update(org, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a campaign link (memberships already written stay).' })
  @ApiUuidParam('id', 'The link id.')
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(404, 422)
  async remove(@CurrentOrg() org: Org, @Param('id', uuidParam('id')) id: string): Promise<void> {
    await this.links.remove(org, id);
  }
}
