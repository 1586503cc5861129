import { join } from 'node:path';
import { BUILT_IN_PLUGINS_DIR } from './plugin-discovery';
import { loadPluginModules } from './plugin-loader';

describe('loadPluginModules', () => {
  it('loads every connector a package lists in `connectors`', () => {
    const loaded = loadPluginModules([join(BUILT_IN_PLUGINS_DIR, 'legacy', 'src')]);

    expect(loaded.failures).toEqual([]);
    expect(loaded.connectors.map((definition) => definition.id)).toEqual([
      'legacy-salesforce',
      'legacy-hubspot',
    ]);
    expect(loaded.connectors.map((definition) => definition.vendor)).toEqual([
      'salesforce',
      'hubspot',
    ]);
  });

  it('still loads a package that exports one definition', () => {
    const loaded = loadPluginModules([join(BUILT_IN_PLUGINS_DIR, 'salesforce', 'src')]);

    expect(loaded.connectors.map((definition) => definition.id)).toEqual(['salesforce']);
  });
});
