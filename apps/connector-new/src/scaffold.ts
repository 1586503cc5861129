import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';

import { nameForms, nameProblem, renamed } from './names';

const TEMPLATE_PATH = join('apps', 'connector-new', 'template');

/** `apps/connector-new/template` in the nearest folder above `from` that holds one. */
function findTemplate(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, TEMPLATE_PATH);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The template package, in the repository: the build leaves it out of `dist/`, so the CLI finds
 * it from its sources and from `dist/apps/connector-new/src` alike.
 */
export const TEMPLATE_DIR = findTemplate(__dirname);

/** The repository's plugins folder, which the host discovers at start. */
export const DEFAULT_PLUGINS_DIR = TEMPLATE_DIR && resolve(TEMPLATE_DIR, '../../../plugins');

/** A scaffold the CLI refuses: a bad name, an existing folder. Shown as is, exit code 2. */
export class ScaffoldRefused extends Error {}

export interface ScaffoldOptions {
  name: string;
  /** The folder the package is created in, as `<dir>/<name>`. */
  dir: string;
}

export interface Scaffolded {
  packageDir: string;
  files: string[];
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);

      return entry.isDirectory() ? filesUnder(path) : [path];
    }),
  );

  return nested.flat();
}

/** The template's files, relative to it, in a stable order. */
async function templateFiles(root: string): Promise<string[]> {
  return (await filesUnder(root)).map((file) => relative(root, file)).sort();
}

/** The renamed file, formatted as the repository formats it: a longer name may wrap a line. */
async function renderedFile(source: string, target: string, name: string): Promise<string> {
  const text = renamed(await readFile(source, 'utf8'), nameForms(name));
  const config = await resolveConfig(source);

  return format(text, { ...config, filepath: target });
}

/**
 * Writes a new connector package `<dir>/<name>` from the template: the definition, its client,
 * error map, emulator, conformance target and spec, and a README. Refuses a name that is not a
 * connector id and a folder that exists; removes what it wrote when writing fails.
 */
export async function scaffoldConnector(options: ScaffoldOptions): Promise<Scaffolded> {
  const problem = nameProblem(options.name);
  if (problem) throw new ScaffoldRefused(problem);
  const template = TEMPLATE_DIR;
  if (!template) throw new Error(`the connector template (${TEMPLATE_PATH}) is missing`);

  const packageDir = resolve(options.dir, options.name);
  if (existsSync(packageDir)) {
    throw new ScaffoldRefused(`${packageDir} already exists: choose another name or remove it`);
  }
  await mkdir(resolve(options.dir), { recursive: true });
  await mkdir(packageDir);

  const files = await templateFiles(template);
  try {
    for (const file of files) {
      const target = join(packageDir, file);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, await renderedFile(join(template, file), target, options.name));
    }
  } catch (error) {
    await rm(packageDir, { recursive: true, force: true });
    throw error;
  }

  return { packageDir, files };
}
