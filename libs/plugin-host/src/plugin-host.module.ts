import { DynamicModule, Module } from '@nestjs/common';
import type { ConnectorDefinition } from '@libs/connector-sdk';
import {
  ConnectorRegistry,
  INSTALLED_CONNECTORS,
  PLUGIN_LOAD_FAILURES,
} from './connector-registry';
import { loadPluginModules } from './plugin-loader';

export interface PluginHostOptions {
  /** Connectors shipped with this deployment (config/plugins.ts). */
  builtIn: ConnectorDefinition[];
  /** More plugins by npm package name or path (CONNECTOR_PLUGINS). */
  modules: string[];
}

@Module({})
export class PluginHostModule {
  static forRoot(options: PluginHostOptions): DynamicModule {
    const loaded = loadPluginModules(options.modules);

    return {
      module: PluginHostModule,
      global: true,
      providers: [
        { provide: INSTALLED_CONNECTORS, useValue: [...options.builtIn, ...loaded.connectors] },
        { provide: PLUGIN_LOAD_FAILURES, useValue: loaded.failures },
        ConnectorRegistry,
      ],
      exports: [ConnectorRegistry],
    };
  }
}
