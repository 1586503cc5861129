import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import { ApiProblems, ApiUuidParam, Roles, uuidParam } from '@libs/core';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentOrg, OrgAuthGuard } from './org-auth.guard';
import type { Org } from './org.entity';
import { CreateEventDto, EventDto } from './orgs.dto';
import { OrgsService } from './orgs.service';

@ApiTags('events')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@UseGuards(OrgAuthGuard)
@Controller({ path: 'events', version: '1' })
export class EventsController {
  constructor(private readonly orgs: OrgsService) {}

  @Post()
  @ApiOperation({ summary: 'Create an event that captured leads belong to.' })
  @ApiCreatedResponse({ type: EventDto })
  @ApiProblems(400, 415, 422)
  async create(@CurrentOrg() org: Org, @Body() body: CreateEventDto): Promise<EventDto> {
    return EventDto.from(await this.orgs.createEvent(org, body));
  }

  @Get()
  @Roles('admin', 'rep')
  @ApiOperation({ summary: "List the org's events." })
  @ApiOkResponse({ type: [EventDto] })
  async list(@CurrentOrg() org: Org): Promise<EventDto[]> {
    return (await this.orgs.listEvents(org)).map((event) => EventDto.from(event));
  }

  @Get(':id')
  @Roles('admin', 'rep')
  @ApiOperation({ summary: 'Get one event.' })
  @ApiUuidParam('id', 'The event id.')
  @ApiOkResponse({ type: EventDto })
  @ApiProblems(404, 422)
  async get(@CurrentOrg() org: Org, @Param('id', uuidParam('id')) id: string): Promise<EventDto> {
    return EventDto.from(await this.orgs.getEvent(org, id));
  }
}
