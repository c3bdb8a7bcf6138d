// ESLint (flat config): typescript-eslint with type information, eslint-plugin-import-x for the layering of
// layers.json (each part of src/ imports only the parts it lists, all of them below it), and the rule that SQL
// lives only in repositories.
import { readFileSync } from 'node:fs';

import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** @type {{ layers: { part: string, imports: string[] }[] }} */
const { layers } = JSON.parse(readFileSync(new URL('./layers.json', import.meta.url), 'utf8'));
const PARTS = layers.map((layer) => layer.part);
const zones = layers.map(({ part, imports }) => ({
  target: `./src/${part}`,
  from: PARTS.filter((other) => other !== part && !imports.includes(other)).map((other) => `./src/${other}`),
  message: `src/${part} may import only ${imports.length ? imports.join(', ') : 'nothing else in src'} (layers.json).`,
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

/** Relative imports name the file with its `.js` suffix (STYLE.md section 2). */
const IMPORT_WITH_SUFFIX = {
  selector: 'ImportDeclaration[source.value=/^\\.{1,2}\\/.*(?<!\\.js|\\.css)$/]',
  message: 'Import the file with its .js suffix (STYLE.md section 2); a stylesheet with .css.',
};

/** Kysely's query builders: a query starts with one of these. */
const QUERY_BUILDERS = [
  'selectFrom',
  'selectNoFrom',
  'insertInto',
  'replaceInto',
  'updateTable',
  'deleteFrom',
  'mergeInto',
  'executeQuery',
];
const SQL_ONLY_IN_REPOSITORIES =
  'SQL lives only in *.repository.ts files of src/cell-db/ and src/registry/: call a repository function (docs/ARCHITECTURE.md).';
const QUERY_BUILDER_CALL = {
  selector: `CallExpression > MemberExpression.callee[property.name=/^(${QUERY_BUILDERS.join('|')})$/]`,
  message: SQL_ONLY_IN_REPOSITORIES,
};
/** Where queries may be written: the repositories. */
const REPOSITORIES = ['src/cell-db/**/*.repository.ts', 'src/registry/**/*.repository.ts'];

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
      'no-restricted-syntax': ['error', IMPORT_WITH_SUFFIX],
    },
  },
  {
    // Every query of the gateway is written in a repository; the rest of src/ calls repository functions.
    files: ['src/**/*.ts'],
    ignores: REPOSITORIES,
    rules: {
      'no-restricted-syntax': [
        'error',
        IMPORT_WITH_SUFFIX,
        QUERY_BUILDER_CALL,
        { selector: 'TaggedTemplateExpression[tag.name="sql"]', message: SQL_ONLY_IN_REPOSITORIES },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kysely', importNames: ['sql', 'CompiledQuery'], message: SQL_ONLY_IN_REPOSITORIES },
            { name: 'mysql2', message: 'Only src/database/ talks to mysql2.' },
            { name: 'mysql2/promise', message: 'Only src/database/ talks to mysql2.' },
          ],
        },
      ],
    },
  },
  {
    // The plumbing under Kysely: the bounded pool (mysql2) and the keyset predicate (an `sql` fragment, no table).
    files: ['src/database/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      'no-restricted-syntax': ['error', IMPORT_WITH_SUFFIX, QUERY_BUILDER_CALL],
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
