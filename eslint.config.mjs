// Flat ESLint config: type-aware typescript-eslint rules; src/core is pure (no vscode, no Node I/O, no fetch).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '**/*.mjs', '**/*.js'],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    // A module over 400 lines does several things: split it along them (see CONTRIBUTING.md).
    files: ['src/**/*.ts', 'test/emulator/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 400 }] },
  },
  {
    files: ['src/cli/**/*.ts', 'src/io/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              message: 'the CLI and the I/O layer run without VS Code: use an adapter under src/vscode instead.',
            },
          ],
          patterns: [
            {
              group: ['**/vscode/**', '../vscode', '../vscode/*'],
              message: 'must not depend on the VS Code adapters.',
            },
          ],
        },
      ],
    },
  },
  {
    // The pure core: domain logic only. Network, files, Graph and credentials are reached through
    // the I/O layer (src/io), which the core may name as types but never call directly.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'src/core is pure TypeScript: use an adapter under src/vscode instead.' },
            { name: '@azure/identity', message: 'credentials are I/O: src/io or an adapter.', allowTypeImports: true },
            {
              name: '@microsoft/microsoft-graph-client',
              message: 'Graph access is I/O: src/io/graph.',
              allowTypeImports: true,
            },
          ],
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'http', 'https', 'net', 'child_process', 'os'],
              message: 'src/core does no I/O: put it in src/io and inject it.',
            },
            {
              group: ['**/vscode/**', '../vscode', '../vscode/*'],
              message: 'src/core must not depend on the VS Code adapters.',
            },
            { group: ['**/cli/**', '../cli', '../cli/*'], message: 'src/core must not depend on the command line.' },
            {
              group: ['**/io/**', '../io', '../io/*'],
              message: 'src/core calls the I/O layer only through injected objects (type imports are fine).',
              allowTypeImports: true,
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'src/core does no I/O: inject a fetcher (see src/io/keys.ts).' },
      ],
    },
  },
  {
    // No module-level mutable state in the core: caches and scratch space live in objects the
    // caller creates (a KeyCache, a NameCache, a parser), tables are built once as constants.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: ':matches(Program, ExportNamedDeclaration) > VariableDeclaration[kind=/^(let|var)$/]',
          message: 'src/core keeps no module-level mutable state: put it in an object the caller creates.',
        },
        {
          selector:
            ':matches(Program, ExportNamedDeclaration) > VariableDeclaration NewExpression[callee.name=/^Weak(Map|Set)$/]',
          message: 'a module-level cache is shared state: keep it in an object the caller creates.',
        },
      ],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: './tsconfig.webview.json' } },
  },
);
