import { DynamicModule, Module } from '@nestjs/common';
import type { ConnectorDefinition } from '@libs/connector-sdk';
import { ConnectorRegistry, INSTALLED_CONNECTORS } from './connector-registry';

@Module({})
export class PluginHostModule {
  static forRoot(connectors: ConnectorDefinition[]): DynamicModule {
    return {
      module: PluginHostModule,
      global: true,
      providers: [{ provide: INSTALLED_CONNECTORS, useValue: connectors }, ConnectorRegistry],
      exports: [ConnectorRegistry],
    };
  }
}
