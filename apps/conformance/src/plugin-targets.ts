import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StartedTarget } from '@libs/connector-testkit';
import { BUILT_IN_PLUGINS_DIR, discoverPluginFolders, loadPluginModules } from '@libs/plugin-host';

/** A plugin's conformance module (`src/conformance.ts`) exports this to be found by the CLI. */
export const CONFORMANCE_EXPORT = 'startConformance';

export type StartConformance = () => Promise<StartedTarget>;

export interface PluginTargets {
  /** Each plugin's target by connector id. */
  targets: Map<string, StartConformance>;
  /** Plugins with a conformance module that cannot be used, and why. */
  problems: string[];
}

function hasConformanceModule(src: string): boolean {
  return ['conformance.ts', 'conformance.js'].some((file) => existsSync(join(src, file)));
}

function startOf(src: string): StartConformance | string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(join(src, 'conformance')) as Record<string, unknown>;
    const start = module[CONFORMANCE_EXPORT];
    if (typeof start !== 'function')
      return `its conformance module exports no ${CONFORMANCE_EXPORT}`;

    // The module's own type is unknown to the CLI; the kit checks what the target does.
    return async () => (await start()) as StartedTarget;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);

    return `its conformance module cannot be loaded: ${reason}`;
  }
}

/**
 * The conformance targets of the plugins in `root` (default `plugins/`): every plugin whose
 * `src/` holds a `conformance` module exporting `startConformance()`, keyed by the id of the
 * connector its entry point exports. Nothing to register by hand: a plugin is found by its files.
 */
export function pluginConformanceTargets(root = BUILT_IN_PLUGINS_DIR): PluginTargets {
  const targets = new Map<string, StartConformance>();
  const problems: string[] = [];
  for (const src of discoverPluginFolders(root).filter(hasConformanceModule)) {
    const loaded = loadPluginModules([src]);
    const failure = loaded.failures[0];
    const definition = loaded.connectors[0];
    if (!definition) {
      problems.push(`${src}: ${failure?.reason ?? 'exports no connector definition'}`);
      continue;
    }
    const start = startOf(src);
    if (typeof start === 'string') problems.push(`${src}: ${start}`);
    else if (targets.has(definition.id)) problems.push(`${src}: duplicate id "${definition.id}"`);
    else targets.set(definition.id, start);
  }

  return { targets, problems };
}
