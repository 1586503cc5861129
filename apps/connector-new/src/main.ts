import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { DEFAULT_PLUGINS_DIR, ScaffoldRefused, scaffoldConnector } from './scaffold';

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const USAGE = 'usage: npm run connector:new -- <connector-id> [--dir <path>]   (default: plugins/)';

const parse = (args: string[]) =>
  parseArgs({
    args,
    options: { dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });

type Request = { kind: 'scaffold'; name: string; dir: string } | { kind: 'help' };

/** The name and folder asked for, or what is wrong with the arguments. */
function readArgs(args: string[]): Request | string {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const { positionals, values } = parsed;
  if (values.help) return { kind: 'help' };
  if (positionals.length !== 1) return 'give exactly one connector id';
  const dir = values.dir ?? DEFAULT_PLUGINS_DIR;
  if (dir === undefined) return 'no plugins folder found: give one with --dir';

  return { kind: 'scaffold', name: positionals[0], dir };
}

/**
 * `connector:new <connector-id> [--dir <path>]`: writes a connector package that passes the
 * conformance kit as generated, into `plugins/<connector-id>` unless `--dir` names another
 * folder. Exits 2 on a usage error, a name that is not a connector id or an existing folder.
 */
async function main(args: string[]): Promise<number> {
  const request = readArgs(args);
  if (typeof request === 'string') {
    process.stderr.write(`connector:new: ${request}\n${USAGE}\n`);

    return EXIT_USAGE;
  }
  if (request.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);

    return 0;
  }

  try {
    const { packageDir, files } = await scaffoldConnector(request);
    const shown = relative(process.cwd(), packageDir) || packageDir;
    const inPlugins = resolve(request.dir) === DEFAULT_PLUGINS_DIR;
    const next = inPlugins
      ? [
          `  npx jest ${shown}   # the conformance kit against the generated emulator`,
          `  npm run conformance -- ${request.name}`,
        ]
      : [`  CONNECTOR_PLUGINS=./${shown}/src   # loads it into a host (see docs/connectors.md)`];
    process.stdout.write(
      [
        `connector:new: wrote ${shown} (${files.length} files)`,
        '',
        'Next:',
        ...next,
        `  then make it speak your vendor's API: see ${join(shown, 'README.md')}`,
        '',
      ].join('\n'),
    );

    return 0;
  } catch (error) {
    if (!(error instanceof ScaffoldRefused)) throw error;
    process.stderr.write(`connector:new: ${error.message}\n`);

    return EXIT_USAGE;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = EXIT_FAILED;
  },
);
