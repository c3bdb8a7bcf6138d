// ESLint (flat config): typescript-eslint with type information, and eslint-plugin-import-x for the layering
// rules of STYLE.md section 1: each folder of src/ may import only the folders before it.
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Folder → the folders of src/ it may import (besides itself). */
const LAYERS = {
  util: [],
  config: ['util'],
  errors: ['util', 'config'],
  database: ['util', 'config', 'errors'],
  auth: ['util', 'config', 'errors', 'database'],
  registry: ['util', 'config', 'errors', 'database'],
  'cell-db': ['util', 'config', 'errors', 'database', 'registry'],
  messages: ['util', 'config', 'errors', 'database', 'registry', 'cell-db'],
  scheduling: ['util', 'messages'],
  fanout: ['util', 'config', 'errors', 'database', 'registry', 'cell-db'],
  'minimal-construct': ['util', 'registry', 'cell-db'],
  listing: [
    'util',
    'config',
    'errors',
    'database',
    'auth',
    'registry',
    'cell-db',
    'fanout',
    'minimal-construct',
  ],
  provisioning: [
    'util',
    'config',
    'errors',
    'database',
    'auth',
    'registry',
    'cell-db',
    'fanout',
    'listing',
    'messages',
    'scheduling',
    'minimal-construct',
  ],
  workers: [
    'util',
    'config',
    'errors',
    'database',
    'registry',
    'cell-db',
    'fanout',
    'messages',
    'scheduling',
  ],
  graphql: [
    'util',
    'config',
    'errors',
    'database',
    'auth',
    'registry',
    'cell-db',
    'fanout',
    'listing',
    'minimal-construct',
    'messages',
    'provisioning',
  ],
  server: [
    'util',
    'config',
    'errors',
    'database',
    'auth',
    'registry',
    'cell-db',
    'fanout',
    'listing',
    'messages',
    'graphql',
  ],
};
const FOLDERS = [...Object.keys(LAYERS), 'cli'];
const zones = Object.entries(LAYERS).map(([target, allowed]) => ({
  target: `./src/${target}`,
  from: [
    ...FOLDERS.filter((folder) => folder !== target && !allowed.includes(folder)).map(
      (folder) => `./src/${folder}`,
    ),
    './src/app.ts',
    './src/main.ts',
  ],
  message: `src/${target} may import only ${allowed.length ? allowed.join(', ') : 'nothing else in src'} (STYLE.md section 1).`,
}));
// The Event Viewer (web/events/) works only through the public GraphQL API: it shares no code with the gateway.
zones.push(
  {
    target: './web',
    from: ['./src', './cells', './bin', './bench', './test'],
    message: 'web/ talks to the gateway over POST /graphql only; it imports nothing of the gateway.',
  },
  {
    target: './src',
    from: './web',
    message: 'The gateway serves web/ as built files; it imports none of it.',
  },
);

export default tseslint.config(
  { ignores: ['node_modules/', '**/dist/', 'coverage/', 'src/graphql/generated/'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })] },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-extraneous-dependencies': [
        'error',
        {
          // web/ is bundled at build time (npm ci): what it imports ends up in its built files.
          devDependencies: [
            'test/**',
            'bench/**',
            'scripts/**',
            'web/**',
            'codegen.ts',
            'vitest.config.ts',
            'eslint.config.js',
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportDeclaration[source.value=/^\\.{1,2}\\/.*(?<!\\.js|\\.css)$/]',
          message: 'Import the file with its .js suffix (STYLE.md section 2); a stylesheet with .css.',
        },
      ],
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
