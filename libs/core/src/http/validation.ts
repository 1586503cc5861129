import {
  applyDecorators,
  ArgumentMetadata,
  ParseUUIDPipe,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { Transform } from 'class-transformer';
import { isISO8601, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
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
  'isIsoDateTime',
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

/**
 * Constraints on a map that report each of its keys as a field of its own (`answers.Budget`):
 * the problems of the value by key, `''` for the map itself.
 */
const KEYED_CONSTRAINTS: Record<string, (value: unknown) => FieldProblem[]> = {
  isAnswers: (value) => answerProblems(value),
};

function constraintProblems(error: ValidationError, field: string): FieldProblem[] {
  if (!error.constraints) return [];
  const keyed = Object.keys(error.constraints).find((name) => name in KEYED_CONSTRAINTS);
  const byKey = keyed ? KEYED_CONSTRAINTS[keyed](error.value) : [];
  if (byKey.length > 0) {
    return byKey.map((problem) => ({
      field: problem.field ? `${field}.${problem.field}` : field,
      message: problem.message,
    }));
  }
  const message = firstConstraint(error.constraints);

  return message === undefined ? [] : [{ field, message }];
}

/** Flattens nested class-validator errors into one entry per field path. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = constraintProblems(error, field);

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
  interface Step {
    value: unknown;
    depth: number;
    key?: string;
    inArray?: boolean;
    parent?: Step;
  }
  // Paths are spelled out only for the value that is too deep.
  const pathOf = (step: Step): string => {
    const steps: Step[] = [];
    for (let at: Step | undefined = step; at?.parent; at = at.parent) steps.unshift(at);

    return steps.reduce(
      (path, at) => (at.inArray ? `${path}[${at.key}]` : path ? `${path}.${at.key}` : `${at.key}`),
      '',
    );
  };
  const stack: Step[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const step = stack.pop() as Step;
    if (typeof step.value !== 'object' || step.value === null) continue;
    // Binary data (an uploaded file's bytes) nests nothing.
    if (ArrayBuffer.isView(step.value)) continue;
    if (step.depth >= limit) return pathOf(step) || 'body';
    const inArray = Array.isArray(step.value);
    for (const [key, child] of Object.entries(step.value)) {
      if (typeof child === 'object' && child !== null) {
        stack.push({ value: child, depth: step.depth + 1, key, inArray, parent: step });
      }
    }
  }

  return undefined;
}

/** Text fields PostgreSQL cannot store: strings holding a NUL character, by path. */
export function nulByteProblems(value: unknown, path = ''): FieldProblem[] {
  // JSON spells a NUL character `\u0000`: a body without one needs no walk.
  let json: string | undefined;
  try {
    json = JSON.stringify(value ?? null);
  } catch {
    json = undefined;
  }
  if (json !== undefined && !json.includes('\\u0000')) return [];

  return nulBytesAt(value, path);
}

function nulBytesAt(value: unknown, path: string): FieldProblem[] {
  if (typeof value === 'string') {
    return value.includes('\u0000')
      ? [{ field: path || 'body', message: 'must not contain NUL characters' }]
      : [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => nulBytesAt(item, `${path}[${index}]`));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) =>
      nulBytesAt(item, path ? `${path}.${key}` : key),
    );
  }

  return [];
}

/** Request validation: unknown fields are refused, every problem is reported at once. */
class ProblemValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // What the client wrote as JSON, a query or a path; an uploaded file is read by its handler.
    if (metadata.type === 'custom') return super.transform(value, metadata);
    const deep = tooDeep(value);
    if (deep !== undefined) {
      throw DomainError.invalid([
        { field: deep, message: `nests deeper than ${MAX_BODY_DEPTH} levels` },
      ]);
    }
    const problems = nulByteProblems(value);
    if (problems.length > 0) throw DomainError.invalid(problems);
    // A body read into a DTO is an object: `null`, `42` or `[]` is not an empty request.
    const notAnObject =
      value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value));
    if (metadata.type === 'body' && this.toValidate(metadata) && notAnObject) {
      throw DomainError.invalid([{ field: 'body', message: 'must be a JSON object' }]);
    }

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

const MAX_ANSWERS = 100;
const MAX_ANSWER_LENGTH = 1000;

/**
 * What is wrong with qualifier answers (qualifier name → chosen values), by name: `''` when the
 * value is not such a map at all.
 */
export function answerProblems(value: unknown): FieldProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ field: '', message: 'must map each qualifier name to a list of answers' }];
  }

  return Object.entries(value).flatMap(([name, answers]): FieldProblem[] => {
    if (!Array.isArray(answers)) {
      const example = typeof answers === 'string' ? `, such as ${JSON.stringify([answers])}` : '';

      return [{ field: name, message: `must be a list of answers${example}` }];
    }
    if (answers.length > MAX_ANSWERS) {
      return [{ field: name, message: `must list at most ${MAX_ANSWERS} answers` }];
    }
    const valid = answers.every(
      (answer) => typeof answer === 'string' && answer.length <= MAX_ANSWER_LENGTH,
    );

    return valid
      ? []
      : [
          {
            field: name,
            message: `each answer must be text of at most ${MAX_ANSWER_LENGTH} characters`,
          },
        ];
  });
}

/** Qualifier answers: qualifier name → chosen values (strings); problems are named by key. */
export function IsAnswers(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAnswers',
      validator: {
        validate: (value: unknown) => answerProblems(value).length === 0,
        defaultMessage: () => 'answers must map each qualifier name to a list of answers',
      },
    },
    options,
  );
}

/** The Date an ISO 8601 text names (`2026-11-02T09:30:00Z`, `2026-11-02`), else undefined. */
function isoDateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !isISO8601(value, { strict: true })) return undefined;
  const date = new Date(value);

  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * A date-time field, sent as ISO 8601 text and read into a Date. Anything else (a number of
 * milliseconds, `yesterday`, `11/02/2026`) is refused with what to send, naming the field.
 */
export function IsIsoDateTime(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => isoDateOf(value) ?? value),
    ValidateBy(
      {
        name: 'isIsoDateTime',
        validator: {
          validate: (value: unknown) => value instanceof Date && !Number.isNaN(value.getTime()),
          defaultMessage: (args) =>
            `${args?.property ?? 'value'} must be an ISO 8601 date-time, such as 2026-11-02T09:30:00Z`,
        },
      },
      options,
    ),
  );
}

/**
 * Optional, but never `null`: the field always has a value once stored, so a client leaves it out
 * to keep that value, and `null` is refused by the field's own checks, naming the field.
 */
export function IsPresent(): PropertyDecorator {
  return ValidateIf((_: unknown, value: unknown) => value !== undefined);
}
