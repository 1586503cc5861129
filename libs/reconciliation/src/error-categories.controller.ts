import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Controller, Get, Header, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DomainError, ErrorCode } from '@libs/core';
import { OrgAuthGuard } from '@libs/orgs';
import {
  ERROR_CATEGORY_INFO,
  errorCategoryInfo,
  isErrorCategory,
  type ErrorCategoryInfo,
} from './error-categories';

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
@UseGuards(OrgAuthGuard)
@Controller({ path: 'error-categories', version: '1' })
export class ErrorCategoriesController {
  private root?: string;

  @Get()
  list(): readonly ErrorCategoryInfo[] {
    return ERROR_CATEGORY_INFO;
  }

  @Get(':code')
  get(@Param('code') code: string): ErrorCategoryInfo {
    return categoryOf(code);
  }

  /** The category's help page (Markdown), as shipped in `docs/errors/`. */
  @Get(':code/help')
  @ApiProduces('text/markdown')
  @Header('content-type', 'text/markdown; charset=utf-8')
  async help(@Param('code') code: string): Promise<string> {
    const info = categoryOf(code);
    this.root ??= projectRoot();

    return readFile(join(this.root, info.helpPage), 'utf8');
  }
}
