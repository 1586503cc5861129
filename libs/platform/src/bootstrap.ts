import { MikroORM } from '@mikro-orm/postgresql';
import { INestApplicationContext, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import {
  applyMigrations,
  assignRequestId,
  createValidationPipe,
  ProblemFilter,
  requireJsonBodies,
  startEmbeddedPostgres,
  unreadableJsonBodies,
  type DatabaseServer,
  type Environment,
  type LoggingOptions,
} from '@libs/core';
import { openApiDocument } from './openapi';
import { PlatformModule } from './platform.module';
import { QUEUE_DASHBOARD_PATH, QueueDashboard } from './queue-dashboard';
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

/** Headers a browser client may read: rate limits, a list's total, a version to change. */
const EXPOSED_HEADERS = [
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'Retry-After',
  'X-Total-Count',
  'ETag',
];

function configureHttp(app: NestExpressApplication, env: Environment): void {
  app.use(assignRequestId());
  app.use(helmet());
  if (env.CORS_ORIGINS.length > 0) {
    app.enableCors({
      origin: env.CORS_ORIGINS,
      allowedHeaders: ['authorization', 'content-type', 'if-match'],
      exposedHeaders: EXPOSED_HEADERS,
      maxAge: 600,
    });
  }
  // The staff queue dashboard authenticates itself (a browser cannot send a bearer header).
  app.use(QUEUE_DASHBOARD_PATH, app.get(QueueDashboard).router());
  app.use(requireJsonBodies(UPLOAD_PATHS));
  // Any JSON is read; a body that is not an object is refused by validation, naming the body.
  app.useBodyParser('json', { limit: '1mb', strict: false });
  app.use(unreadableJsonBodies());
  app.enableVersioning({ type: VersioningType.URI });
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(createValidationPipe());
  const document = openApiDocument(app);
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
      configureHttp(http, env);
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
