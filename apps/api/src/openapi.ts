import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderOpenApi } from '@libs/platform';

/** Where the spec lives in the repository. */
export const OPENAPI_PATH = join(__dirname, '..', '..', '..', '..', 'docs', 'openapi.json');

/**
 * `npm run openapi` writes the API's OpenAPI spec to docs/openapi.json; with `--check` it only
 * compares, and fails when the committed spec is stale.
 */
async function main(): Promise<void> {
  const spec = await renderOpenApi();
  if (process.argv.includes('--check')) {
    const committed = await readFile(OPENAPI_PATH, 'utf8').catch(() => '');
    if (committed !== spec) {
      process.stderr.write('docs/openapi.json is stale: run npm run openapi and commit it\n');
      process.exit(1);
    }
    process.stdout.write('docs/openapi.json is up to date\n');

    return;
  }
  await writeFile(OPENAPI_PATH, spec);
  process.stdout.write(
    `wrote docs/openapi.json (${Object.keys(JSON.parse(spec).paths).length} paths)\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
