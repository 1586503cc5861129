import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_IN_PLUGINS_DIR } from './plugin-discovery';
import { loadFailure, loadPluginModules } from './plugin-loader';

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

    function install(name: string, files: Record<string, string>): void {
      const pkg = join(app, 'node_modules', name);
      mkdirSync(join(pkg, 'lib'), { recursive: true });
      for (const [file, text] of Object.entries(files)) writeFileSync(join(pkg, file), text);
    }

    beforeEach(() => {
      app = mkdtempSync(join(tmpdir(), 'plugin-app-'));
      install('@acme/crm-connector', {
        'package.json': JSON.stringify({ name: '@acme/crm-connector', main: 'lib/index.js' }),
        'lib/index.js':
          "exports.connector = { id: 'acme-crm', vendor: 'acme', capabilities: {}, create() {} };",
      });
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

    it('loads a package whose module.exports is the definition itself', () => {
      install('plain-connector', {
        'package.json': JSON.stringify({ name: 'plain-connector' }),
        'index.js': "module.exports = { id: 'plain', capabilities: {}, create() {} };",
      });

      expect(loadPluginModules(['plain-connector'], app).connectors.map((d) => d.id)).toEqual([
        'plain',
      ]);
    });
  });

  it('says a package Node cannot require (ES module only) needs a CommonJS entry point', () => {
    const notExported = Object.assign(
      new Error('No "exports" main defined in /app/node_modules/esm-connector/package.json'),
      { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' },
    );

    expect(loadFailure(notExported)).toBe(
      'No "exports" main defined in /app/node_modules/esm-connector/package.json ' +
        '(plugins are loaded with require(): publish a CommonJS entry point, "main" or a "require" export)',
    );
    expect(loadFailure(new Error("Cannot find module 'x'\nRequire stack:\n- /app"))).toBe(
      "Cannot find module 'x'",
    );
  });
});
