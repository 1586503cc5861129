import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
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
import { ApiProblems, ApiUuidParam, Roles, uuidParam } from '@libs/core';
import { CurrentOrg, OrgAuthGuard, type Org } from '@libs/orgs';
import { CreateQualifierDto, QualifierDto, UpdateQualifierDto } from './qualifiers.dto';
import { QualifiersService } from './qualifiers.service';

@ApiTags('qualifiers')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@UseGuards(OrgAuthGuard)
@Controller({ path: 'qualifiers', version: '1' })
export class QualifiersController {
  constructor(private readonly qualifiers: QualifiersService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a qualifier: a question with single or multiple choice values.',
  })
  @ApiCreatedResponse({ type: QualifierDto })
  @ApiProblems(400, 409, 415, 422)
  async create(@CurrentOrg() org: Org, @Body() body: CreateQualifierDto): Promise<QualifierDto> {
    return QualifierDto.from(await this.qualifiers.create(org, body));
  }

  /** Reps read the questions they answer while capturing. */
  @Get()
  @Roles('admin', 'rep')
  @ApiOperation({ summary: "List the org's qualifiers." })
  @ApiOkResponse({ type: [QualifierDto] })
  async list(@CurrentOrg() org: Org): Promise<QualifierDto[]> {
    return (await this.qualifiers.list(org)).map((qualifier) => QualifierDto.from(qualifier));
  }

  @Get(':id')
  @Roles('admin', 'rep')
  @ApiOperation({ summary: 'Read one qualifier.' })
  @ApiUuidParam('id', 'The qualifier id.')
  @ApiOkResponse({ type: QualifierDto })
  @ApiProblems(404, 422)
  async get(
    @CurrentOrg() org: Org,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<QualifierDto> {
    return QualifierDto.from(await this.qualifiers.get(org, id));
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      "Change a qualifier's question, values or choice (not its name). Dropping a value campaign links map to a member status: 409, naming them.",
  })
  @ApiUuidParam('id', 'The qualifier id.')
  @ApiOkResponse({ type: QualifierDto })
  @ApiProblems(400, 404, 409, 415, 422)
  async update(
    @CurrentOrg() org: Org,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: UpdateQualifierDto,
  ): Promise<QualifierDto> {
    return QualifierDto.from(await this.qualifiers.update(org, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Delete a qualifier and its mappings; leads keep their answers. While campaign links choose their status by it: 409, naming them.',
  })
  @ApiUuidParam('id', 'The qualifier id.')
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(404, 409, 422)
  async remove(@CurrentOrg() org: Org, @Param('id', uuidParam('id')) id: string): Promise<void> {
    await this.qualifiers.remove(org, id);
  }
}
