import type { NextFunction, Request, Response } from 'express';
import { DomainError, ERROR_STATUS, ERROR_TITLES, ErrorCode } from './domain-error';
import { PROBLEM_CONTENT_TYPE } from './problem.filter';

function hasBody(request: Request): boolean {
  const length = Number(request.headers['content-length'] ?? 0);

  return length > 0 || request.headers['transfer-encoding'] !== undefined;
}

/**
 * Request bodies are JSON (UTF-8), except file uploads, which are multipart. Anything else is
 * answered 415 before it can be misread as an empty or malformed object.
 */
export function requireJsonBodies(uploadPaths: RegExp) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (!hasBody(request)) return next();
    const type = (request.headers['content-type'] ?? '').toLowerCase();
    const [mediaType, ...parameters] = type.split(';').map((part) => part.trim());
    const charset = parameters.find((part) => part.startsWith('charset='))?.slice(8);
    const json = mediaType === 'application/json' && (!charset || charset === 'utf-8');
    const upload = mediaType === 'multipart/form-data' && uploadPaths.test(request.path);
    if (json || upload) return next();

    const expected = uploadPaths.test(request.path) ? 'multipart/form-data' : 'application/json';
    response
      .status(ERROR_STATUS[ErrorCode.UnsupportedMediaType])
      .type(PROBLEM_CONTENT_TYPE)
      .send(
        JSON.stringify({
          type: `urn:mobly:problem:${ErrorCode.UnsupportedMediaType}`,
          title: ERROR_TITLES[ErrorCode.UnsupportedMediaType],
          status: ERROR_STATUS[ErrorCode.UnsupportedMediaType],
          detail: `Send the body as ${expected}${expected === 'application/json' ? ' (UTF-8)' : ''}`,
          code: ErrorCode.UnsupportedMediaType,
          instance: request.url.split('?')[0],
          requestId: (request as Request & { id?: unknown }).id,
        }),
      );
  };
}

/**
 * The JSON parser's refusal of a body it cannot read, as a problem naming the body (mounted
 * right after the parser; other errors pass on as they are).
 */
export function unreadableJsonBodies() {
  return (error: unknown, _request: Request, _response: Response, next: NextFunction): void => {
    const type = typeof error === 'object' && error !== null ? Reflect.get(error, 'type') : null;
    if (type !== 'entity.parse.failed') return next(error);
    const reason = error instanceof Error ? error.message.slice(0, 300) : 'unreadable';

    next(
      new DomainError(ErrorCode.BadRequest, 'The body is not valid JSON', {
        errors: [{ field: 'body', message: `is not valid JSON: ${reason}` }],
      }),
    );
  };
}
