import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import { Roles, uuidParam } from '@libs/core';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentOrg, OrgAuthGuard } from './org-auth.guard';
import type { Org } from './org.entity';
import { CreateEventDto, EventDto } from './orgs.dto';
import { OrgsService } from './orgs.service';

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
  @Roles('admin', 'rep')
  async list(@CurrentOrg() org: Org): Promise<EventDto[]> {
    return (await this.orgs.listEvents(org)).map((event) => EventDto.from(event));
  }

  @Get(':id')
  @Roles('admin', 'rep')
  async get(@CurrentOrg() org: Org, @Param('id', uuidParam('id')) id: string): Promise<EventDto> {
    return EventDto.from(await this.orgs.getEvent(org, id));
  }
}
