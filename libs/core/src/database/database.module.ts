import { DynamicModule, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { EntityClass } from '@mikro-orm/core';
import { createOrmOptions } from './orm-options';

export interface DatabaseModuleOptions {
  url: string;
  entities: EntityClass<unknown>[];
}

/** MikroORM on PostgreSQL; the schema is brought up to date by migrations at start. */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        MikroOrmModule.forRoot({
          ...createOrmOptions(options.url, options.entities),
          driver: PostgreSqlDriver,
          registerRequestContext: true,
        }),
        MikroOrmModule.forFeature(options.entities),
      ],
      exports: [MikroOrmModule],
    };
  }
}
