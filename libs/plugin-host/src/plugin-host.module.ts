import { DynamicModule, Module } from '@nestjs/common';
import {
  ConnectorRegistry,
  INSTALLED_CONNECTORS,
  PLUGIN_LOAD_FAILURES,
} from './connector-registry';
import { discoverPluginFolders } from './plugin-discovery';
import { loadPluginModules } from './plugin-loader';

export interface PluginHostOptions {
  /** Plugins by npm package name or path (CONNECTOR_PLUGINS), besides those in plugins/. */
  modules: string[];
  /** Where the built-in plugins are discovered. */
  pluginsDir?: string;
}

@Module({})
export class PluginHostModule {
  static forRoot(options: PluginHostOptions): DynamicModule {
    // The registry is filled here only: the plugins/ folder first, then configuration.
    const loaded = loadPluginModules([
      ...discoverPluginFolders(options.pluginsDir),
      ...options.modules,
    ]);

    return {
      module: PluginHostModule,
      global: true,
      providers: [
        { provide: INSTALLED_CONNECTORS, useValue: loaded.connectors },
        { provide: PLUGIN_LOAD_FAILURES, useValue: loaded.failures },
        ConnectorRegistry,
      ],
      exports: [ConnectorRegistry],
    };
  }
}
