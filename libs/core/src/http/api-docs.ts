import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiParam, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ERROR_TITLES, ErrorCode } from './domain-error';
import { ProblemDto } from './problem.dto';
import { PROBLEM_CONTENT_TYPE } from './problem.filter';

/** Each error status a caller can meet: what it means, and an example of its detail. */
const PROBLEMS = {
  400: {
    description: 'The request is malformed (a body that is not JSON, a refused OAuth state).',
    detail: 'Unexpected token } in JSON at position 12',
  },
  401: {
    description: 'No valid credential: send an API key or token as `Authorization: Bearer …`.',
    detail: 'The API key is not valid',
  },
  403: {
    description: "The credential's role or kind may not call this endpoint.",
    detail: 'This endpoint is for admin callers; this credential is rep',
  },
  404: {
    description: "The resource does not exist in the caller's org.",
    detail: 'Connection 3f0c6a54-8f0e-4c8e-9a57-6d0f3c1e2b7a does not exist',
  },
  409: {
    description: 'The request conflicts with the current state of the resource.',
    detail: "This is the org's last admin key: issue another admin key before revoking it",
  },
  413: {
    description: 'The request body or upload is too large.',
    detail: 'File too large',
  },
  415: {
    description: 'The body is not sent as the expected media type.',
    detail: 'Send the body as application/json (UTF-8)',
  },
  422: {
    description: 'Some fields are not valid; `errors` lists each of them.',
    detail: 'Invalid fields: email',
    errors: [{ field: 'email', message: 'email must be a valid email address' }],
  },
  428: {
    description: 'Say which version the change is based on: send `If-Match` (or the body field).',
    detail: 'Send the ETag the change is based on: an If-Match header or an `etag` field',
  },
  429: {
    description: 'Too many requests from this caller; retry after `Retry-After` seconds.',
    detail: 'ThrottlerException: Too Many Requests',
  },
  502: {
    description: 'The remote system refused the request; `connectorError` says why.',
    detail: 'Session expired or invalid',
  },
} as const;

export type ProblemStatus = keyof typeof PROBLEMS;

const CODE_OF_STATUS: Record<ProblemStatus, ErrorCode> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  422: ErrorCode.ValidationFailed,
  428: ErrorCode.PreconditionRequired,
  429: ErrorCode.RateLimited,
  502: ErrorCode.ConnectorFailed,
};

/**
 * Documents the error answers an endpoint can give, as `application/problem+json` with the
 * ProblemDto schema: `@ApiProblems(401, 403, 404, 422)`.
 */
export function ApiProblems(...statuses: ProblemStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) => {
      const { description, ...example } = PROBLEMS[status];
      const code = CODE_OF_STATUS[status];

      return ApiResponse({
        status,
        description,
        content: {
          [PROBLEM_CONTENT_TYPE]: {
            schema: { $ref: getSchemaPath(ProblemDto) },
            example: {
              type: `urn:mobly:problem:${code}`,
              title: ERROR_TITLES[code],
              status,
              code,
              ...example,
            },
          },
        },
      });
    }),
  );
}

/** A UUID path parameter in the spec, with what it names. */
export function ApiUuidParam(name: string, description: string): MethodDecorator & ClassDecorator {
  return ApiParam({
    name,
    description,
    format: 'uuid',
    example: '3f0c6a54-8f0e-4c8e-9a57-6d0f3c1e2b7a',
  });
}
