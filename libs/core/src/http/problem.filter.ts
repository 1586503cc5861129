import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, ERROR_STATUS, ERROR_TITLES, ErrorCode } from './domain-error';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.BadRequest,
  415: ErrorCode.UnsupportedMediaType,
  422: ErrorCode.ValidationFailed,
};

/** Maps every error leaving the API onto RFC 9457 problem details. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<{ url: string; id?: string }>();
    const problem = this.toProblem(exception);

    response
      .status(problem.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify({ ...problem, instance: request.url, requestId: request.id }));
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
    this.logger.error({ err: exception }, 'unhandled error');

    return {
      type: `urn:mobly:problem:${ErrorCode.Internal}`,
      title: ERROR_TITLES[ErrorCode.Internal],
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      detail: 'The request could not be completed; it has been logged.',
      code: ErrorCode.Internal,
    };
  }
}
