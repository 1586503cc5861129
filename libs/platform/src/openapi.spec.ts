import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderOpenApi } from './openapi';

describe('renderOpenApi', () => {
  it('matches the committed docs/openapi.json (run npm run openapi after changing the API)', async () => {
    const committed = readFileSync(
      join(__dirname, '..', '..', '..', 'docs', 'openapi.json'),
      'utf8',
    );

    expect(await renderOpenApi()).toBe(committed);
  });

  it('describes every route of the API under /v1, with bearer authentication', async () => {
    const spec = JSON.parse(await renderOpenApi()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };

    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/v1/leads', '/v1/connections', '/health']),
    );
    expect(spec.paths['/v1/leads'].post.security).toEqual([{ bearer: [] }]);
  });
});
