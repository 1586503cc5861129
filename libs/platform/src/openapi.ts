import { VersioningType, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { validateEnvironment } from '@libs/core';
import { PlatformModule } from './platform.module';

/** The OpenAPI document of an app whose routes are registered (served at `/docs`). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Mobly Integration Platform')
      .setDescription('Delivers captured leads into CRMs, marketing automation and Slack.')
      .setVersion('1')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'org API key (mob_…), staff key (mobstaff_…) or JWT',
      })
      .build(),
  );
}

/** Keys sorted at every level, so the written spec diffs cleanly. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;

  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
  );
}

/**
 * The spec as `npm run openapi` writes it: the API's routes read in Nest's preview mode, which
 * builds the module graph without connecting to a database or a queue.
 */
export async function renderOpenApi(): Promise<string> {
  const module = PlatformModule.forRoot({
    environment: validateEnvironment({}),
    databaseUrl: 'postgres://openapi.invalid/none',
    http: true,
    workers: false,
  });
  const app = await NestFactory.create<NestExpressApplication>(module, {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    app.enableVersioning({ type: VersioningType.URI });

    return `${JSON.stringify(sorted(openApiDocument(app)), null, 2)}\n`;
  } finally {
    await app.close();
  }
}
