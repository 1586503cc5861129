// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-useless-catch': 'error',
      'padding-line-between-statements': [
        'error',
        { blankLine: 'always', prev: '*', next: 'return' },
        { blankLine: 'any', prev: ['if', 'case', 'default'], next: 'return' },
      ],
      'lines-between-class-members': ['error', 'always', { exceptAfterSingleLine: true }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./\\.\\./(?!fixtures/)',
              message: 'Use a path alias (@libs/…, @plugins/…, @app/…).',
            },
          ],
        },
      ],
    },
  },
  {
    // Plugins see only the connector SDK: never the host, the apps or other plugins. The
    // template of `npm run connector:new` is held to the same rule as what it generates.
    files: ['plugins/**/*.ts', 'examples/*/src/**/*.ts', 'apps/connector-new/template/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@libs/*',
                '!@libs/connector-sdk',
                '@app/*',
                '@examples/*',
                '@plugins/*',
                '../../*',
              ],
              message:
                'A plugin may import only the connector SDK (and its test kit) and npm packages.',
            },
          ],
        },
      ],
    },
  },
  {
    // Libraries never depend on apps or on particular plugins.
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@app/*', '@plugins/*', '../../*'],
              message: 'libs/ must not import apps or plugins; apps compose them.',
            },
          ],
        },
      ],
    },
  },
);
