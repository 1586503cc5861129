export enum ErrorCode {
  BadRequest = 'bad_request',
  ValidationFailed = 'validation_failed',
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  PreconditionRequired = 'precondition_required',
  PayloadTooLarge = 'payload_too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  RateLimited = 'rate_limited',
  ConnectorFailed = 'connector_failed',
  OAuthStateRefused = 'oauth_state_refused',
  Internal = 'internal',
}

export const ERROR_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.ValidationFailed]: 422,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.PreconditionRequired]: 428,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.ConnectorFailed]: 502,
  [ErrorCode.OAuthStateRefused]: 400,
  [ErrorCode.Internal]: 500,
};

export const ERROR_TITLES: Record<ErrorCode, string> = {
  [ErrorCode.BadRequest]: 'Bad request',
  [ErrorCode.ValidationFailed]: 'Some fields are not valid',
  [ErrorCode.Unauthorized]: 'Authentication required',
  [ErrorCode.Forbidden]: 'Not allowed',
  [ErrorCode.NotFound]: 'Not found',
  [ErrorCode.Conflict]: 'Conflict with the current state',
  [ErrorCode.PreconditionRequired]: 'Say which version the change is based on',
  [ErrorCode.PayloadTooLarge]: 'The request is too large',
  [ErrorCode.UnsupportedMediaType]: 'Unsupported media type',
  [ErrorCode.RateLimited]: 'Too many requests',
  [ErrorCode.ConnectorFailed]: 'The remote system refused the request',
  [ErrorCode.OAuthStateRefused]: 'The authorisation could not be completed',
  [ErrorCode.Internal]: 'Internal error',
};

const MAX_NAMED_FIELDS = 20;
const MAX_LISTED_ERRORS = 200;

/** One invalid input field: `field` is its path in the request (`company.name`, `rows[3].email`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An error the API reports to its caller; the exception filter turns it into problem+json. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extensions: { errors?: FieldProblem[]; [key: string]: unknown } = {},
  ) {
    super(detail);
    this.name = 'DomainError';
  }

  static notFound(what: string, id: string): DomainError {
    return new DomainError(ErrorCode.NotFound, `${what} ${id} does not exist`);
  }

  /** Every invalid field, listed up to a bound so a huge bad file gets a readable answer. */
  static invalid(errors: FieldProblem[]): DomainError {
    const fields = [...new Set(errors.map((error) => error.field))];
    const named = fields.slice(0, MAX_NAMED_FIELDS).join(', ');
    const more =
      fields.length > MAX_NAMED_FIELDS ? ` and ${fields.length - MAX_NAMED_FIELDS} more` : '';
    const listed = errors.slice(0, MAX_LISTED_ERRORS);

    return new DomainError(ErrorCode.ValidationFailed, `Invalid fields: ${named}${more}`, {
      errors: listed,
      ...(errors.length > listed.length ? { errorCount: errors.length } : {}),
    });
  }
}
