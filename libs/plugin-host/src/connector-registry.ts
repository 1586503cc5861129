import { Inject, Injectable, Logger } from '@nestjs/common';
import { satisfies, validRange } from 'semver';
import { SDK_VERSION, type ConnectorDefinition } from '@libs/connector-sdk';
import { DomainError } from '@libs/core';

export const INSTALLED_CONNECTORS = Symbol('INSTALLED_CONNECTORS');
export const PLUGIN_LOAD_FAILURES = Symbol('PLUGIN_LOAD_FAILURES');

/** Why a plugin could not be loaded, by plugin id (or its position when it has none). */
export interface UnavailablePlugin {
  plugin: string;
  reason: string;
}

function definitionProblems(definition: ConnectorDefinition): string[] {
  const problems: string[] = [];
  if (!definition.id || !/^[a-z][a-z0-9-]*$/.test(definition.id)) {
    problems.push('id must be lower-case letters, digits and dashes');
  }
  if (definition.vendor !== undefined && !/^[a-z][a-z0-9-]*$/.test(definition.vendor)) {
    problems.push('vendor must be lower-case letters, digits and dashes');
  }
  if (typeof definition.create !== 'function') problems.push('create must be a function');
  if (!definition.sdkVersion || !validRange(definition.sdkVersion)) {
    problems.push('sdkVersion must be a semver range');
  } else if (!satisfies(SDK_VERSION, definition.sdkVersion)) {
    problems.push(`supports SDK ${definition.sdkVersion}, but the host runs SDK ${SDK_VERSION}`);
  }
  if (!definition.limits || !(definition.limits.maxBatchSize >= 1)) {
    problems.push('limits.maxBatchSize must be at least 1');
  }
  const capabilities = definition.capabilities;
  if (capabilities?.batchUpsert && !capabilities.objects?.some((o) => o.role === 'persona')) {
    problems.push('a connector with batchUpsert must declare a persona object');
  }
  if (!capabilities?.batchUpsert && !capabilities?.notify) {
    problems.push('capabilities must include batchUpsert or notify');
  }

  return problems;
}

/** The one registry of connectors, keyed by id, filled from the installed plugin list. */
@Injectable()
export class ConnectorRegistry {
  private readonly logger = new Logger(ConnectorRegistry.name);
  private readonly connectors = new Map<string, ConnectorDefinition>();
  readonly unavailable: UnavailablePlugin[] = [];

  constructor(
    @Inject(INSTALLED_CONNECTORS) installed: ConnectorDefinition[],
    @Inject(PLUGIN_LOAD_FAILURES) failures: UnavailablePlugin[] = [],
  ) {
    for (const failure of failures) {
      this.unavailable.push(failure);
      this.logger.error(failure, 'connector plugin unavailable');
    }
    installed.forEach((definition, index) => {
      const plugin = definition?.id || `#${index}`;
      const problems = definitionProblems(definition);
      if (this.connectors.has(definition.id)) problems.push(`duplicate id "${definition.id}"`);
      if (problems.length > 0) {
        const reason = problems.join('; ');
        this.unavailable.push({ plugin, reason });
        this.logger.error({ plugin, reason }, 'connector plugin unavailable');

        return;
      }
      this.connectors.set(definition.id, definition);
    });
  }

  list(): ConnectorDefinition[] {
    return [...this.connectors.values()];
  }

  has(id: string): boolean {
    return this.connectors.has(id);
  }

  get(id: string): ConnectorDefinition {
    const definition = this.connectors.get(id);
    if (!definition) throw DomainError.notFound('Integration', id);

    return definition;
  }
}
