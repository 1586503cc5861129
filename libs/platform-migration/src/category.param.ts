import { type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { DomainError } from '@libs/core';
import { isMigratedCategory, MIGRATED_CATEGORIES, type MigratedCategory } from './categories';

/** The `:category` path parameter: one of the categories that move between platforms. */
export class CategoryParam implements PipeTransform<string, MigratedCategory> {
  transform(value: string): MigratedCategory {
    if (!isMigratedCategory(value)) {
      throw DomainError.invalid([
        { field: 'category', message: `must be one of ${MIGRATED_CATEGORIES.join(', ')}` },
      ]);
    }

    return value;
  }
}

export const ApiCategoryParam = (): MethodDecorator =>
  ApiParam({
    name: 'category',
    enum: MIGRATED_CATEGORIES,
    description: 'The category: CRM, then marketing automation, then communication move.',
    example: 'crm',
  });
