import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

import { pluginConformanceTargets } from '@app/conformance';
import { formatReport, runConformance } from '@libs/connector-testkit';
import { discoverPluginFolders, loadPluginModules } from '@libs/plugin-host';

const ROOT = resolve(__dirname, '../..');
const CLI_SOURCES = join(ROOT, 'apps/connector-new/src');
const NAME = 'acme-crm';

/**
 * The CLI as the build emits it, CommonJS, in `dir` (type checking is `npm run typecheck`'s job).
 * It runs in a process of its own, as `npm run connector:new` runs it.
 */
function compileCli(dir: string): string {
  for (const file of readdirSync(CLI_SOURCES).filter((name) => name.endsWith('.ts'))) {
    const source = readFileSync(join(CLI_SOURCES, file), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(join(dir, file.replace(/\.ts$/, '.js')), outputText);
  }

  return join(dir, 'main.js');
}

describe('npm run connector:new', () => {
  // Under the repository (git-ignored), so ts-jest compiles the generated TypeScript on require.
  let workDir: string;
  let pluginsDir: string;
  let cli: string;
  let scaffolded: SpawnSyncReturns<string>;

  const run = (...args: string[]) =>
    spawnSync(process.execPath, [cli, ...args], { cwd: ROOT, encoding: 'utf8' });

  beforeAll(() => {
    mkdirSync(join(ROOT, '.data'), { recursive: true });
    workDir = mkdtempSync(join(ROOT, '.data', 'connector-new-'));
    pluginsDir = join(workDir, 'plugins');
    mkdirSync(join(workDir, 'cli'));
    cli = compileCli(join(workDir, 'cli'));
    scaffolded = run(NAME, '--dir', pluginsDir);
  });

  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it('writes a plugin package that depends on the connector SDK only', () => {
    expect(scaffolded.stderr).toBe('');
    expect(scaffolded.status).toBe(0);
    expect(scaffolded.stdout).toContain(`connector:new: wrote .data/`);

    const packageDir = join(pluginsDir, NAME);
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: `@mobly/connector-${NAME}`, main: 'src/index.ts' });
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.peerDependencies).toEqual({ '@mobly/connector-sdk': '^0.1.0' });
    for (const file of ['README.md', 'src/index.ts', 'src/emulator.ts', 'src/conformance.ts']) {
      expect(existsSync(join(packageDir, file))).toBe(true);
    }
    expect(readFileSync(join(packageDir, 'src/conformance.spec.ts'), 'utf8')).toContain(
      `describeConformance('${NAME}', startConformance);`,
    );
    expect(existsSync(join(ROOT, 'plugins', NAME))).toBe(false);
  });

  it('generates TypeScript that compiles with the repository compiler options', () => {
    const tsconfig = join(workDir, 'tsconfig.json');
    writeFileSync(
      tsconfig,
      JSON.stringify({
        extends: join(ROOT, 'tsconfig.json'),
        compilerOptions: { noEmit: true, incremental: false },
        include: [join(pluginsDir, NAME, 'src')],
        exclude: [],
      }),
    );

    const tsc = spawnSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', tsconfig],
      { cwd: ROOT, encoding: 'utf8' },
    );

    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('generates a plugin the host discovers and loads', () => {
    const folders = discoverPluginFolders(pluginsDir);
    const loaded = loadPluginModules(folders);

    expect(folders).toEqual([join(pluginsDir, NAME, 'src')]);
    expect(loaded.failures).toEqual([]);
    expect(loaded.connectors.map((definition) => definition.id)).toEqual([NAME]);
    expect(loaded.connectors[0]).toMatchObject({
      displayName: 'Acme Crm',
      auth: { scheme: 'client_credentials' },
      capabilities: { batchUpsert: true },
      limits: { maxBatchSize: 50 },
    });
  });

  it('generates a conformance target the CLI finds and that passes every check of the kit', async () => {
    const { targets, problems } = pluginConformanceTargets(pluginsDir);
    expect(problems).toEqual([]);
    expect([...targets.keys()]).toEqual([NAME]);

    const start = targets.get(NAME);
    if (!start) throw new Error(`no conformance target for ${NAME}`);
    const started = await start();
    try {
      const report = await runConformance(started.target);

      expect(report.connector).toBe(NAME);
      expect(report.checks.filter((check) => check.status !== 'pass')).toEqual([]);
      expect(formatReport(report)).toContain('11 checks: 11 passed, 0 failed, 0 not applicable');
    } finally {
      await started.stop?.();
    }
  });

  it.each([
    ['upper-case letters', 'AcmeCrm'],
    ['an underscore', 'acme_crm'],
    ['a leading digit', '9lives'],
    ['a doubled dash', 'acme--crm'],
    ['a trailing dash', 'acme-'],
    ['a path', '../acme'],
  ])('refuses a name with %s', (_, name) => {
    const refused = run(name, '--dir', pluginsDir);

    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      `connector:new: "${name}" is not a connector id: use lower-case letters and digits, ` +
        'starting with a letter, words joined by single dashes (e.g. acme-crm)\n',
    );
    expect(readdirSync(pluginsDir)).toEqual([NAME]);
  });

  it('refuses a folder that exists and leaves it as it was', () => {
    const readme = join(pluginsDir, NAME, 'README.md');
    const before = readFileSync(readme, 'utf8');

    const refused = run(NAME, '--dir', pluginsDir);

    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      `connector:new: ${join(pluginsDir, NAME)} already exists: choose another name or remove it\n`,
    );
    expect(readFileSync(readme, 'utf8')).toBe(before);
  });

  it('answers usage without a name', () => {
    const refused = run();

    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^connector:new: give exactly one connector id\nusage: /);
  });
});
