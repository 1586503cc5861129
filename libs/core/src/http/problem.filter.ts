import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import { isConnectorError } from '@libs/connector-sdk';
import { DomainError, ERROR_STATUS, ERROR_TITLES, ErrorCode } from './domain-error';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  422: ErrorCode.ValidationFailed,
  429: ErrorCode.RateLimited,
};

/**
 * Errors raised by the HTTP layer itself (body parsing, uploads) carry their status: a client
 * error when it is 4xx.
 */
function clientErrorOf(error: unknown): { status: number; message: string } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { status?: unknown; statusCode?: unknown; message?: unknown };
  const status = Number(candidate.status ?? candidate.statusCode);
  if (!(status >= 400 && status < 500)) return undefined;
  const message = typeof candidate.message === 'string' ? candidate.message : 'Bad request';

  return { status, message: message.slice(0, 300) };
}

function summarise(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error).slice(0, 300) };
  const code = (error as { code?: unknown }).code;
  // Driver errors read "<sql with values> - <database message>": keep the database's part.
  const message =
    typeof code === 'string' && error.message.includes(' - ')
      ? error.message.slice(error.message.lastIndexOf(' - ') + 3)
      : error.message;

  return {
    type: error.name,
    ...(code !== undefined ? { code } : {}),
    message: message.slice(0, 300),
    stack: error.stack?.split('\n').slice(1, 6).join('\n'),
  };
}

/** Maps every error leaving the API onto RFC 9457 problem details. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<{ url: string; id?: string }>();
    const problem = this.toProblem(exception);
    // RFC 6750: a 401 names the scheme the caller should authenticate with.
    if (problem.status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="mobly"');

    response
      .status(problem.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(
        JSON.stringify({
          ...problem,
          // The path alone: a query may carry what is not to be echoed (an OAuth code and state).
          instance: request.url.split('?')[0],
          requestId: request.id,
        }),
      );
  }

  private problem(
    code: ErrorCode,
    detail: string,
    extensions: Record<string, unknown> = {},
  ): Record<string, unknown> & { status: number } {
    return {
      type: `urn:mobly:problem:${code}`,
      title: ERROR_TITLES[code],
      status: ERROR_STATUS[code],
      detail,
      code,
      ...extensions,
    };
  }

  private toProblem(exception: unknown): Record<string, unknown> & { status: number } {
    if (exception instanceof DomainError) {
      return {
        type: `urn:mobly:problem:${exception.code}`,
        title: ERROR_TITLES[exception.code],
        status: ERROR_STATUS[exception.code],
        detail: exception.detail,
        code: exception.code,
        ...exception.extensions,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = STATUS_CODES[status] ?? ErrorCode.BadRequest;

      return {
        type: `urn:mobly:problem:${code}`,
        title: ERROR_TITLES[code],
        status,
        detail: exception.message,
        code,
      };
    }
    if (isConnectorError(exception)) {
      return this.problem(ErrorCode.ConnectorFailed, exception.error.vendorMessage, {
        connectorError: exception.error,
      });
    }
    const clientError = clientErrorOf(exception);
    if (clientError) {
      const code = STATUS_CODES[clientError.status] ?? ErrorCode.BadRequest;

      return { ...this.problem(code, clientError.message), status: clientError.status };
    }
    // Driver messages can carry the SQL and its values (personal data): log their gist only.
    this.logger.error({ err: summarise(exception) }, 'unhandled error');

    return {
      type: `urn:mobly:problem:${ErrorCode.Internal}`,
      title: ERROR_TITLES[ErrorCode.Internal],
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      detail: 'The request could not be completed; it has been logged.',
      code: ErrorCode.Internal,
    };
  }
}
