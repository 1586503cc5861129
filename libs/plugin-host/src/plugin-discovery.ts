import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The built-in plugins folder: `plugins/` at the repository root, or its build in `dist/`
 * (this file sits at `libs/plugin-host/src` in both trees).
 */
export const BUILT_IN_PLUGINS_DIR = resolve(__dirname, '../../../plugins');

/** Every `plugins/<name>/src` that holds an entry point, by folder name. */
export function discoverPluginFolders(root = BUILT_IN_PLUGINS_DIR): string[] {
  if (!existsSync(root)) return [];

  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, entry.name, 'src'))
    .filter((src) => existsSync(join(src, 'index.ts')) || existsSync(join(src, 'index.js')))
    .sort();
}
