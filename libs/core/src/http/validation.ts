import {
  ArgumentMetadata,
  ParseUUIDPipe,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { DomainError, type FieldProblem } from './domain-error';

/**
 * Constraints that say what a field is, in the order they are reported: a value of the wrong
 * type (or none) is told so, not that it is too long or too small.
 */
const FIRST_CONSTRAINTS = [
  'whitelistValidation',
  'isDefined',
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isArray',
  'isObject',
  'isUuid',
  'isEnum',
  'isIn',
  'isDate',
  'isDateString',
  'isIso8601',
  'nestedValidation',
  'isNotEmpty',
];

/** The one constraint reported for a field: the most basic one it fails. */
function firstConstraint(constraints: Record<string, string>): string | undefined {
  const known = FIRST_CONSTRAINTS.find((name) => name in constraints);

  return known ? constraints[known] : Object.values(constraints)[0];
}

/** Flattens nested class-validator errors into one entry per field path. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const message = error.constraints ? firstConstraint(error.constraints) : undefined;
    const own = message === undefined ? [] : [{ field, message }];

    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** Deeper than any request body of the API nests; deeper ones are refused before reading. */
export const MAX_BODY_DEPTH = 32;

/**
 * Where a value nests deeper than `limit` arrays and objects: the path at that depth, or
 * undefined. Walks with its own stack, so a hostile body cannot exhaust the call stack.
 */
export function tooDeep(value: unknown, limit = MAX_BODY_DEPTH): string | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.depth >= limit) return item.path || 'body';
    for (const [key, child] of Object.entries(item.value)) {
      const path = Array.isArray(item.value)
        ? `${item.path}[${key}]`
        : item.path
          ? `${item.path}.${key}`
          : key;
      stack.push({ value: child, path, depth: item.depth + 1 });
    }
  }

  return undefined;
}

/** Text fields PostgreSQL cannot store: strings holding a NUL character, by path. */
export function nulByteProblems(value: unknown, path = ''): FieldProblem[] {
  if (typeof value === 'string') {
    return value.includes('\u0000')
      ? [{ field: path || 'body', message: 'must not contain NUL characters' }]
      : [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => nulByteProblems(item, `${path}[${index}]`));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) =>
      nulByteProblems(item, path ? `${path}.${key}` : key),
    );
  }

  return [];
}

/** Request validation: unknown fields are refused, every problem is reported at once. */
class ProblemValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const deep = tooDeep(value);
    if (deep !== undefined) {
      throw DomainError.invalid([
        { field: deep, message: `nests deeper than ${MAX_BODY_DEPTH} levels` },
      ]);
    }
    const problems = nulByteProblems(value);
    if (problems.length > 0) throw DomainError.invalid(problems);

    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ProblemValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => DomainError.invalid(fieldProblems(errors)),
  });
}

/** A UUID path parameter; a malformed one is a 422 naming the parameter. */
export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => DomainError.invalid([{ field: name, message: 'must be a UUID' }]),
  });
}

/** Qualifier answers: question → chosen values (strings). */
export function IsAnswers(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAnswers',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.values(value).every(
            (answers) =>
              Array.isArray(answers) &&
              answers.length <= 100 &&
              answers.every((answer) => typeof answer === 'string' && answer.length <= 1000),
          ),
        defaultMessage: () => 'answers must map each question to a list of answer strings',
      },
    },
    options,
  );
}
