import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { Environment } from '../config/environment';

/** Request headers and body fields that may carry secrets; never written to the log. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'credentials',
  '*.credentials',
  '*.accessToken',
  '*.refreshToken',
  '*.clientSecret',
  '*.password',
];

/**
 * Query parameters of the OAuth callback (authorization code, state) and of a queue dashboard
 * login link (its ticket) never reach the log.
 */
const CALLBACK_QUERY = /^(\/v\d+\/oauth\/callback|\/admin\/queues\/login)\?.*$/;

export function loggedUrl(url: string): string {
  return url.replace(CALLBACK_QUERY, '$1?[redacted]');
}

/** The request's id: the caller's `X-Request-Id` when it is a sensible one, else a new UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];

  return typeof header === 'string' && header.length <= 128 ? header : randomUUID();
}

/**
 * Gives each request its id before anything can refuse it (an unreadable body, a wrong
 * content type), so every answer and log line carries it; the request logger keeps it.
 */
export function assignRequestId() {
  return (request: IncomingMessage & { id?: unknown }, _response: unknown, next: () => void) => {
    request.id ??= requestIdOf(request);
    next();
  };
}

export interface LoggingOptions {
  /** Where the JSON lines go; standard output when absent. */
  stream?: DestinationStream;
}

/** Structured JSON logs; every request line carries its request id. */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions = {}): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<Environment, true>) => {
            const pinoHttp: Options = {
              level: config.get('LOG_LEVEL'),
              redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
              genReqId: (request: IncomingMessage) => requestIdOf(request),
              customProps: (request: IncomingMessage & { orgId?: string }) =>
                request.orgId ? { orgId: request.orgId } : {},
              autoLogging: { ignore: (request: IncomingMessage) => request.url === '/health' },
              serializers: {
                req: (request: { id: string; method: string; url: string }) => ({
                  id: request.id,
                  method: request.method,
                  url: loggedUrl(request.url),
                }),
                res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
              },
            };

            return { pinoHttp: options.stream ? [pinoHttp, options.stream] : pinoHttp };
          },
        }),
      ],
    };
  }
}
