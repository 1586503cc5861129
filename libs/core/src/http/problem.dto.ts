import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CATEGORY_CODES, type ErrorCategory } from '@libs/connector-sdk';
import { ErrorCode } from './domain-error';

/** One invalid input field of a 422 problem. */
export class FieldProblemDto {
  @ApiProperty({
    description: 'Path of the field in the request.',
    example: 'company.name',
  })
  field: string;

  @ApiProperty({
    description: 'What is wrong with it.',
    example: 'name must be shorter than or equal to 1000 characters',
  })
  message: string;
}

/** A vendor failure in the connector SDK's normalised terms. */
export class NormalisedErrorDto {
  @ApiProperty({
    enum: ERROR_CATEGORY_CODES,
    description: 'The normalised category; GET /v1/error-categories describes each.',
    example: 'AUTH_INVALID',
  })
  category: ErrorCategory;

  @ApiProperty({ description: "The vendor's own code.", example: 'INVALID_SESSION_ID' })
  vendorCode: string;

  @ApiProperty({
    description: "The vendor's own message, verbatim.",
    example: 'Session expired or invalid',
  })
  vendorMessage: string;

  @ApiPropertyOptional({
    description: 'The remote field involved, when the vendor names one.',
    example: 'Company',
  })
  field?: string;

  @ApiProperty({ description: 'Whether trying again later can succeed.', example: false })
  retryable: boolean;

  @ApiPropertyOptional({
    description: 'Milliseconds to wait before retrying, when the vendor says so.',
    example: 30000,
  })
  retryAfterMs?: number;
}

/** An error answer: RFC 9457 problem details, as the problem filter writes them. */
export class ProblemDto {
  @ApiProperty({
    description: 'A URN naming the kind of problem: `urn:mobly:problem:<code>`.',
    example: 'urn:mobly:problem:not_found',
  })
  type: string;

  @ApiProperty({ description: 'A short summary of the kind of problem.', example: 'Not found' })
  title: string;

  @ApiProperty({ description: 'The HTTP status code.', example: 404 })
  status: number;

  @ApiProperty({
    description: 'What went wrong with this request.',
    example: 'Connection 3f0c6a54-8f0e-4c8e-9a57-6d0f3c1e2b7a does not exist',
  })
  detail: string;

  @ApiProperty({
    enum: ErrorCode,
    description: 'A stable machine-readable code; branch on it rather than on `detail`.',
    example: ErrorCode.NotFound,
  })
  code: ErrorCode;

  @ApiProperty({
    description: 'The path and query of the request that failed.',
    example: '/v1/connections/3f0c6a54-8f0e-4c8e-9a57-6d0f3c1e2b7a',
  })
  instance: string;

  @ApiPropertyOptional({
    description: 'The request id, also in the logs; quote it when reporting a problem.',
    example: 'req-7',
  })
  requestId?: string;

  @ApiPropertyOptional({
    type: [FieldProblemDto],
    description: 'Validation problems (422): every invalid field, up to 200 of them.',
  })
  errors?: FieldProblemDto[];

  @ApiPropertyOptional({
    description: 'How many field problems there were, when more than `errors` lists.',
    example: 1250,
  })
  errorCount?: number;

  @ApiPropertyOptional({
    type: NormalisedErrorDto,
    description: "Connector failures (502): the vendor's refusal in normalised terms.",
  })
  connectorError?: NormalisedErrorDto;
}
