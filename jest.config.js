/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  roots: [
    '<rootDir>/apps',
    '<rootDir>/libs',
    '<rootDir>/plugins',
    '<rootDir>/examples',
    '<rootDir>/test',
  ],
  testRegex: '.*\\.(spec|test)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // jose ships ES modules only; Node requires them natively, jest needs them compiled.
    '/node_modules/jose/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' }, isolatedModules: true },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper: {
    '^@libs/connector-sdk$': '<rootDir>/libs/connector-sdk/src',
    '^@mobly/connector-sdk$': '<rootDir>/libs/connector-sdk/src',
    '^@mobly/connector-testkit$': '<rootDir>/libs/connector-testkit/src',
    '^@examples/(.*)$': '<rootDir>/examples/$1',
    '^@libs/([^/]+)$': '<rootDir>/libs/$1/src',
    '^@libs/([^/]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
    '^@plugins/([^/]+)$': '<rootDir>/plugins/$1/src',
    '^@plugins/([^/]+)/(.*)$': '<rootDir>/plugins/$1/src/$2',
    '^@app/([^/]+)$': '<rootDir>/apps/$1/src',
    '^@app/([^/]+)/(.*)$': '<rootDir>/apps/$1/src/$2',
  },
  testEnvironment: 'node',
  testTimeout: 60000,
};
