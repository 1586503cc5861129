import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Controller, Get, Header, Param, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, DomainError, ErrorCode } from '@libs/core';
import { ERROR_CATEGORY_CODES } from '@libs/connector-sdk';
import { OrgAuthGuard } from '@libs/orgs';
import {
  ERROR_CATEGORY_INFO,
  errorCategoryInfo,
  isErrorCategory,
  type ErrorCategoryInfo,
} from './error-categories';
import { ErrorCategoryInfoDto } from './reconciliation-views.dto';

const CODE_PARAM = ApiParam({
  name: 'code',
  enum: ERROR_CATEGORY_CODES,
  description: 'The category code.',
  example: 'DATA_VALUE_VALIDATION',
});

/** The project root: the nearest folder above this file that holds the help pages. */
function projectRoot(): string {
  let folder = __dirname;
  while (!existsSync(join(folder, 'docs', 'errors'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('docs/errors not found above ' + __dirname);
    folder = parent;
  }

  return folder;
}

function categoryOf(code: string): ErrorCategoryInfo {
  if (!isErrorCategory(code)) {
    throw new DomainError(ErrorCode.NotFound, `No error category ${code}`);
  }

  return errorCategoryInfo(code);
}

/** The normalised error categories: description, fix, retry policy and help page. */
@ApiTags('reconciliation')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@UseGuards(OrgAuthGuard)
@Controller({ path: 'error-categories', version: '1' })
export class ErrorCategoriesController {
  private root?: string;

  @Get()
  @ApiOperation({ summary: 'List the error categories: description, fix, retry policy, help.' })
  @ApiOkResponse({ type: [ErrorCategoryInfoDto] })
  list(): readonly ErrorCategoryInfo[] {
    return ERROR_CATEGORY_INFO;
  }

  @Get(':code')
  @ApiOperation({ summary: 'Get one error category.' })
  @CODE_PARAM
  @ApiOkResponse({ type: ErrorCategoryInfoDto })
  @ApiProblems(404)
  get(@Param('code') code: string): ErrorCategoryInfo {
    return categoryOf(code);
  }

  /** The category's help page (Markdown), as shipped in `docs/errors/`. */
  @Get(':code/help')
  @ApiOperation({ summary: "Get a category's help page, as Markdown." })
  @CODE_PARAM
  @ApiProduces('text/markdown')
  @ApiOkResponse({
    description: 'The help page.',
    content: { 'text/markdown': { schema: { type: 'string' } } },
  })
  @ApiProblems(404)
  @Header('content-type', 'text/markdown; charset=utf-8')
  async help(@Param('code') code: string): Promise<string> {
    const info = categoryOf(code);
    this.root ??= projectRoot();

    return readFile(join(this.root, info.helpPage), 'utf8');
  }
}
