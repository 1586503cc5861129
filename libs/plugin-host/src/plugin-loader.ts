import { isAbsolute, resolve } from 'node:path';
import type { ConnectorDefinition } from '@libs/connector-sdk';
import type { UnavailablePlugin } from './connector-registry';

export interface LoadedPlugins {
  connectors: ConnectorDefinition[];
  failures: UnavailablePlugin[];
}

function looksLikeDefinition(value: unknown): value is ConnectorDefinition {
  return (
    typeof value === 'object' &&
    value !== null &&
    'id' in value &&
    'create' in value &&
    'capabilities' in value
  );
}

/**
 * The connectors a plugin module exports: its `connectors` list (a package defining several,
 * each checked like any other), else itself (`module.exports = definition`), its `default`,
 * `connector`, or its one definition.
 */
function definitionsOf(module: Record<string, unknown>): ConnectorDefinition[] | string {
  if (Array.isArray(module.connectors)) {
    const listed: unknown[] = module.connectors;
    if (listed.length === 0) return 'exports an empty connectors list';
    const broken = listed.findIndex((item) => !looksLikeDefinition(item));
    if (broken !== -1) return `connectors[${broken}] is not a connector definition`;

    return listed as ConnectorDefinition[];
  }
  if (looksLikeDefinition(module)) return [module];
  if (looksLikeDefinition(module.default)) return [module.default];
  if (looksLikeDefinition(module.connector)) return [module.connector];
  const found = Object.values(module).filter(looksLikeDefinition);

  return found.length === 1 ? found : 'exports no connector definition';
}

/**
 * Loads the connector plugins named in configuration: paths relative to `cwd`, or npm packages
 * installed where the platform runs (`cwd`) or beside the platform itself. A plugin that cannot
 * be loaded is reported with its reason; the others still load.
 */
export function loadPluginModules(specifiers: string[], cwd = process.cwd()): LoadedPlugins {
  const connectors: ConnectorDefinition[] = [];
  const failures: UnavailablePlugin[] = [];
  for (const specifier of specifiers) {
    try {
      const path =
        specifier.startsWith('.') || isAbsolute(specifier)
          ? resolve(cwd, specifier)
          : require.resolve(specifier, { paths: [cwd, __dirname] });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require(path) as Record<string, unknown>;
      const definitions = definitionsOf(module);
      if (typeof definitions === 'string')
        failures.push({ plugin: specifier, reason: definitions });
      else connectors.push(...definitions);
    } catch (error) {
      failures.push({ plugin: specifier, reason: `cannot be loaded: ${loadFailure(error)}` });
    }
  }

  return { connectors, failures };
}

/** Why `require` failed, in a line; an ES-module-only package is named as such. */
export function loadFailure(error: unknown): string {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const code = (error as { code?: string } | null)?.code;
  if (code === 'ERR_REQUIRE_ESM' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
    return `${reason} (plugins are loaded with require(): publish a CommonJS entry point, "main" or a "require" export)`;
  }

  return reason;
}
