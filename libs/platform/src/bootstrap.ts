import { MikroORM } from '@mikro-orm/postgresql';
import { INestApplicationContext, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import {
  applyMigrations,
  createValidationPipe,
  ProblemFilter,
  requireJsonBodies,
  startEmbeddedPostgres,
  type DatabaseServer,
  type Environment,
  type LoggingOptions,
} from '@libs/core';
import { PlatformModule } from './platform.module';
import { assertReachable } from './reachability';

export interface StartOptions {
  environment: Environment;
  http: boolean;
  workers: boolean;
  /** Where the JSON log lines go; standard output when absent. */
  logStream?: LoggingOptions['stream'];
}

export interface RunningPlatform {
  app: INestApplicationContext;
  /** Base URL of the REST API, when this process serves it. */
  url?: string;
  databaseUrl: string;
  close(): Promise<void>;
}

/** Routes that take a file upload instead of JSON. */
const UPLOAD_PATHS = /\/leads\/import$/;

function configureHttp(app: NestExpressApplication): void {
  app.use(requireJsonBodies(UPLOAD_PATHS));
  app.useBodyParser('json', { limit: '1mb' });
  app.enableVersioning({ type: VersioningType.URI });
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(createValidationPipe());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Mobly Integration Platform')
      .setDescription('Delivers captured leads into CRMs, marketing automation and Slack.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'mob_… org API key' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
}

/**
 * Starts the platform: the database (embedded unless `DATABASE_URL` is set), migrations, then
 * the REST API and/or the sync workers.
 */
export async function startPlatform(options: StartOptions): Promise<RunningPlatform> {
  const env = options.environment;
  await assertReachable({ databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL });
  let embedded: DatabaseServer | undefined;
  if (!env.DATABASE_URL) {
    embedded = await startEmbeddedPostgres({
      dataDir: env.EMBEDDED_PG_DIR,
      port: env.EMBEDDED_PG_PORT,
      log: pino({ level: env.LOG_LEVEL, base: { context: 'EmbeddedPostgres' } }),
    });
  }
  const databaseUrl = env.DATABASE_URL ?? (embedded as DatabaseServer).url;
  const module = PlatformModule.forRoot({ ...options, databaseUrl });

  let app: INestApplicationContext | undefined;
  try {
    app = options.http
      ? await NestFactory.create<NestExpressApplication>(module, {
          bufferLogs: true,
          bodyParser: false,
        })
      : await NestFactory.createApplicationContext(module, { bufferLogs: true });
    app.useLogger(app.get(Logger));
    await applyMigrations(app.get(MikroORM), databaseUrl);

    let url: string | undefined;
    if (options.http) {
      const http = app as NestExpressApplication;
      configureHttp(http);
      await http.listen(env.PORT, env.HOST);
      const address = http.getHttpServer().address();
      url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : env.PORT}`;
    } else {
      await app.init();
    }
    const running = app;

    return {
      app: running,
      url,
      databaseUrl,
      close: async () => {
        await running.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await embedded?.stop();
    throw error;
  }
}
