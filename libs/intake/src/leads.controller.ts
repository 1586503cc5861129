import { EntityManager } from '@mikro-orm/postgresql';
import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Query,
  Res,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { ApiProblems, ApiUuidParam, DomainError, Roles, uuidParam } from '@libs/core';
import { Lead } from '@libs/leads';
import { CurrentOrg, OrgAuthGuard, OrgsService, type Org } from '@libs/orgs';
import { SyncRecord } from '@libs/sync';
import { decodeCsv, parseLeadCsvLines } from './csv-import';
import { IntakeService } from './intake.service';
import { CreateLeadDto } from './lead.dto';
import { LeadDto } from './lead-view.dto';

const MAX_CSV_BYTES = 10 * 1024 * 1024;

export class PageQueryDto {
  @ApiPropertyOptional({
    default: 100,
    minimum: 1,
    maximum: 500,
    description: 'How many leads to return.',
    example: 100,
  })
  @IsOptional()
  @Type(() => Number)
  @Max(500)
  @Min(1)
  @IsInt()
  limit: number = 100;

  @ApiPropertyOptional({
    default: 0,
    minimum: 0,
    description: 'How many leads to skip.',
    example: 0,
  })
  @IsOptional()
  @Type(() => Number)
  @Max(1_000_000)
  @Min(0)
  @IsInt()
  offset: number = 0;
}

export class ImportResultDto {
  @ApiProperty({ description: 'Rows imported.', example: 250 })
  imported: number;

  @ApiProperty({ description: 'Of those, new leads.', example: 240 })
  created: number;

  @ApiProperty({ description: 'Of those, updates to leads already captured.', example: 10 })
  updated: number;
}

@ApiTags('leads')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@UseGuards(OrgAuthGuard)
@Roles('admin', 'rep')
@Controller({ version: '1' })
export class LeadsController {
  constructor(
    private readonly em: EntityManager,
    private readonly orgs: OrgsService,
    private readonly intake: IntakeService,
  ) {}

  /** Stores a captured lead (or an update to one) and schedules its sync. */
  @Post('leads')
  @ApiOperation({
    summary:
      'Store a captured lead (201), or an update to one already stored (200, matched by externalId, else by email within the event), and schedule its sync.',
  })
  @ApiCreatedResponse({ type: LeadDto, description: 'A new lead.' })
  @ApiOkResponse({ type: LeadDto, description: 'An update to a lead already stored.' })
  @ApiProblems(400, 404, 409, 415, 422)
  async create(
    @CurrentOrg() org: Org,
    @Body() body: CreateLeadDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LeadDto> {
    const { eventId, ...fields } = body;
    const event = await this.orgs.getEvent(org, eventId);
    const { leadIds, created } = await this.intake.ingest(org, event, [fields]);
    response.status(created > 0 ? 201 : 200);

    return this.view(org, leadIds[0]);
  }

  @Get('leads/:id')
  @ApiOperation({ summary: 'Get a lead with its sync state in each connection.' })
  @ApiUuidParam('id', 'The lead id.')
  @ApiOkResponse({ type: LeadDto })
  @ApiProblems(404, 422)
  async get(@CurrentOrg() org: Org, @Param('id', uuidParam('id')) id: string): Promise<LeadDto> {
    return this.view(org, id);
  }

  @Get('events/:eventId/leads')
  @ApiOperation({
    summary:
      "List an event's leads in capture order, a page at a time; X-Total-Count counts them all.",
  })
  @ApiUuidParam('eventId', 'The event id.')
  @ApiOkResponse({
    type: [LeadDto],
    headers: {
      'X-Total-Count': {
        description: "The event's leads in all, whatever the page.",
        schema: { type: 'integer' },
      },
    },
  })
  @ApiProblems(404, 422)
  async list(
    @CurrentOrg() org: Org,
    @Param('eventId', uuidParam('eventId')) eventId: string,
    @Query() page: PageQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LeadDto[]> {
    const event = await this.orgs.getEvent(org, eventId);
    const [leads, total] = await this.em.findAndCount(
      Lead,
      { org, event },
      { orderBy: { capturedAt: 'asc', id: 'asc' }, limit: page.limit, offset: page.offset },
    );
    response.setHeader('X-Total-Count', String(total));
    const records = await this.em.find(
      SyncRecord,
      { lead: leads.map((lead) => lead.id) },
      { populate: ['connection'] },
    );

    return leads.map((lead) => LeadDto.from(lead, records));
  }

  /** Imports a CSV of leads into an event (multipart field `file`). */
  @Post('events/:eventId/leads/import')
  @ApiOperation({ summary: 'Import a CSV of leads into an event (multipart field `file`).' })
  @ApiUuidParam('eventId', 'The event id.')
  @ApiCreatedResponse({ type: ImportResultDto })
  @ApiProblems(400, 404, 409, 413, 415, 422)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          description: 'The CSV, with a header row naming lead fields; at most 10 MB.',
        },
      },
    },
  })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_CSV_BYTES } }))
  async import(
    @CurrentOrg() org: Org,
    @Param('eventId', uuidParam('eventId')) eventId: string,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<ImportResultDto> {
    if (!file) {
      throw DomainError.invalid([
        { field: 'file', message: 'send the CSV as multipart field "file"' },
      ]);
    }
    const event = await this.orgs.getEvent(org, eventId);
    const { rows, lines } = parseLeadCsvLines(decodeCsv(file.buffer));
    const { leadIds, created, updated } = await this.intake.ingest(
      org,
      event,
      rows,
      (index) => `lines[${lines[index]}].`,
    );

    return { imported: leadIds.length, created, updated };
  }

  private async view(org: Org, id: string): Promise<LeadDto> {
    const em = this.em.fork();
    const lead = await em.findOne(Lead, { id, org });
    if (!lead) throw DomainError.notFound('Lead', id);
    const records = await em.find(SyncRecord, { lead }, { populate: ['connection'] });

    return LeadDto.from(lead, records);
  }
}
