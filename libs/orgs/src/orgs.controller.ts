import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import { uuidParam } from '@libs/core';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentOrg, OrgAuthGuard } from './org-auth.guard';
import type { Org } from './org.entity';
import { CreateEventDto, CreateOrgDto, EventDto, OrgCreatedDto } from './orgs.dto';
import { OrgsService } from './orgs.service';

@ApiTags('orgs')
@Controller({ path: 'orgs', version: '1' })
export class OrgsController {
  constructor(private readonly orgs: OrgsService) {}

  @Post()
  async create(@Body() body: CreateOrgDto): Promise<OrgCreatedDto> {
    const { org, apiKey } = await this.orgs.create(body.name);

    return OrgCreatedDto.from(org, apiKey);
  }
}

@ApiTags('events')
@ApiBearerAuth()
@UseGuards(OrgAuthGuard)
@Controller({ path: 'events', version: '1' })
export class EventsController {
  constructor(private readonly orgs: OrgsService) {}

  @Post()
  async create(@CurrentOrg() org: Org, @Body() body: CreateEventDto): Promise<EventDto> {
    return EventDto.from(await this.orgs.createEvent(org, body));
  }

  @Get()
  async list(@CurrentOrg() org: Org): Promise<EventDto[]> {
    return (await this.orgs.listEvents(org)).map((event) => EventDto.from(event));
  }

  @Get(':id')
  async get(@CurrentOrg() org: Org, @Param('id', uuidParam('id')) id: string): Promise<EventDto> {
    return EventDto.from(await this.orgs.getEvent(org, id));
  }
}
