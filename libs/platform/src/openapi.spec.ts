import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderOpenApi } from './openapi';

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  items?: Schema;
  description?: string;
  example?: unknown;
  properties?: Record<string, Schema>;
}

interface Operation {
  summary?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; description?: string }[];
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/**
 * The mappings endpoints are being replaced by a new mappings API; they are documented with
 * it, so they are left out of the completeness checks below until then.
 */
const UNDOCUMENTED_PATHS = [
  '/v1/connections/{connectionId}/mappings/{object}',
  '/v1/connections/{connectionId}/mappings/{object}/defaults',
  '/v1/connections/{connectionId}/schema/{object}/refresh',
  '/v1/connections/{connectionId}/schema/{object}',
  '/v1/connections/{connectionId}/mappings/{object}/rows',
  '/v1/connections/{connectionId}/mappings/{object}/rows/{rowId}',
  '/v1/connections/{connectionId}/mappings/{object}/drift',
  '/v1/connections/{connectionId}/mappings/{object}/upgrade',
  '/v1/mobly-fields',
];

/** The request bodies of the mappings endpoints above. */
const UNDOCUMENTED_SCHEMAS = ['CreateMappingRowDto', 'UpdateMappingRowDto', 'UpgradeDefaultsDto'];

function operations(spec: Spec): [string, Operation][] {
  return Object.entries(spec.paths)
    .filter(([path]) => !UNDOCUMENTED_PATHS.includes(path))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]): [string, Operation] => [
        `${method.toUpperCase()} ${path}`,
        operation,
      ]),
    );
}

/** A property that only points at another schema carries its example there. */
function isReference(property: Schema): boolean {
  const target = property.items ?? property;

  return target.$ref !== undefined || target.allOf !== undefined;
}

describe('renderOpenApi', () => {
  let spec: Spec;

  beforeAll(async () => {
    spec = JSON.parse(await renderOpenApi()) as Spec;
  });

  it('matches the committed docs/openapi.json (run npm run openapi after changing the API)', async () => {
    const committed = readFileSync(
      join(__dirname, '..', '..', '..', 'docs', 'openapi.json'),
      'utf8',
    );

    expect(await renderOpenApi()).toBe(committed);
  });

  it('describes every route of the API under /v1, with bearer authentication', () => {
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/v1/leads', '/v1/connections', '/health']),
    );
    expect(spec.paths['/v1/leads'].post.security).toEqual([{ bearer: [] }]);
  });

  it('gives every operation a summary', () => {
    const missing = operations(spec).filter(([, operation]) => !operation.summary?.trim());

    expect(missing.map(([name]) => name)).toEqual([]);
  });

  it('gives every operation a success answer with a schema, or a 204', () => {
    const missing = operations(spec).filter(([, operation]) => {
      const success = Object.entries(operation.responses).filter(([status]) => /^2/.test(status));

      return !success.some(
        ([status, response]) =>
          status === '204' ||
          Object.values(response.content ?? {}).some((media) => media.schema !== undefined),
      );
    });

    expect(missing.map(([name]) => name)).toEqual([]);
  });

  it('documents the error answers of every operation as problem+json', () => {
    const isProblem = (response: Operation['responses'][string]): boolean =>
      response.content?.['application/problem+json']?.schema?.$ref ===
      '#/components/schemas/ProblemDto';
    const missing = operations(spec).filter(([, operation]) => {
      const clientErrors = Object.entries(operation.responses).filter(([status]) =>
        /^4/.test(status),
      );

      return (
        clientErrors.length === 0 || !clientErrors.every(([, response]) => isProblem(response))
      );
    });

    expect(missing.map(([name]) => name)).toEqual([]);
  });

  it('describes every parameter', () => {
    const missing = operations(spec).flatMap(([name, operation]) =>
      (operation.parameters ?? [])
        .filter((parameter) => !parameter.description?.trim())
        .map((parameter) => `${name} ${parameter.in} ${parameter.name}`),
    );

    expect(missing).toEqual([]);
  });

  it('describes every schema property, with an example unless it refers to another schema', () => {
    const problems = Object.entries(spec.components.schemas)
      .filter(([name]) => !UNDOCUMENTED_SCHEMAS.includes(name))
      .flatMap(([name, schema]) =>
        Object.entries(schema.properties ?? {}).flatMap(([key, property]) => [
          ...(property.description?.trim() ? [] : [`${name}.${key} has no description`]),
          ...(isReference(property) || 'example' in property
            ? []
            : [`${name}.${key} has no example`]),
        ]),
      );

    expect(problems).toEqual([]);
  });
});
