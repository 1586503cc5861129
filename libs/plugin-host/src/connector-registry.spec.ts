import type { ConnectorClient, ConnectorDefinition } from '@libs/connector-sdk';
import { DomainError } from '@libs/core';
import { ConnectorRegistry } from './connector-registry';

function definition(id: string, overrides: Partial<ConnectorDefinition> = {}): ConnectorDefinition {
  return {
    id,
    displayName: id,
    category: 'crm',
    version: '1.0.0',
    sdkVersion: '^0.1.0',
    auth: { scheme: 'api_key', fields: [] },
    settings: [],
    capabilities: {
      objects: [{ name: 'Person', label: 'Person', role: 'persona' }],
      batchUpsert: true,
      campaigns: false,
      notify: false,
    },
    limits: { maxBatchSize: 10 },
    recommendedMappings: () => undefined,
    create: () => ({}) as ConnectorClient,
    ...overrides,
  };
}

describe('ConnectorRegistry', () => {
  it('registers valid connectors by id', () => {
    const registry = new ConnectorRegistry([definition('alpha'), definition('beta')]);

    expect(registry.list().map((connector) => connector.id)).toEqual(['alpha', 'beta']);
    expect(registry.get('beta').id).toBe('beta');
    expect(registry.unavailable).toEqual([]);
  });

  it('marks a duplicate id unavailable and keeps the first', () => {
    const registry = new ConnectorRegistry([
      definition('alpha'),
      definition('alpha', { version: '2.0.0' }),
    ]);

    expect(registry.get('alpha').version).toBe('1.0.0');
    expect(registry.unavailable).toEqual([{ plugin: 'alpha', reason: 'duplicate id "alpha"' }]);
  });

  it('names the plugin and every problem of a broken definition, without failing the others', () => {
    const broken = definition('broken', {
      limits: { maxBatchSize: 0 },
      capabilities: { objects: [], batchUpsert: true, campaigns: false, notify: false },
    });
    const registry = new ConnectorRegistry([broken, definition('alpha')]);

    expect(registry.list().map((connector) => connector.id)).toEqual(['alpha']);
    expect(registry.unavailable).toEqual([
      {
        plugin: 'broken',
        reason:
          'limits.maxBatchSize must be at least 1; a connector with batchUpsert must declare a persona object',
      },
    ]);
  });

  it('answers not found for an unknown integration', () => {
    expect(() => new ConnectorRegistry([]).get('nope')).toThrow(DomainError);
  });
});
