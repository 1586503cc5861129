import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

  describe('by npm package name', () => {
    let app: string;

    beforeEach(() => {
      app = mkdtempSync(join(tmpdir(), 'plugin-app-'));
      const pkg = join(app, 'node_modules', '@acme', 'crm-connector');
      mkdirSync(pkg, { recursive: true });
      writeFileSync(
        join(pkg, 'package.json'),
        JSON.stringify({ name: '@acme/crm-connector', main: 'lib/index.js' }),
      );
      mkdirSync(join(pkg, 'lib'));
      writeFileSync(
        join(pkg, 'lib', 'index.js'),
        "exports.connector = { id: 'acme-crm', vendor: 'acme', capabilities: {}, create() {} };",
      );
    });

    afterEach(() => rmSync(app, { recursive: true, force: true }));

    it('loads a package installed where the platform runs', () => {
      const loaded = loadPluginModules(['@acme/crm-connector'], app);

      expect(loaded.failures).toEqual([]);
      expect(loaded.connectors.map((definition) => definition.id)).toEqual(['acme-crm']);
    });

    it('reports a package that is not installed, and loads the others', () => {
      const loaded = loadPluginModules(['@acme/missing-connector', '@acme/crm-connector'], app);

      expect(loaded.connectors.map((definition) => definition.id)).toEqual(['acme-crm']);
      expect(loaded.failures).toEqual([
        {
          plugin: '@acme/missing-connector',
          reason: expect.stringMatching(/^cannot be loaded: .*'@acme\/missing-connector'/),
        },
      ]);
    });
  });
});
