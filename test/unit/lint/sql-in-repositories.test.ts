import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The rule that keeps SQL in repositories (eslint.config.js): a query written anywhere else in src/ fails lint.
 * The sources are linted as if they lived at the given path, with the project's own configuration.
 */
const eslint = new ESLint({
  cwd: new URL('../../..', import.meta.url).pathname,
  overrideConfig: {
    // The virtual files below are in no tsconfig project: lint them without type information.
    languageOptions: { parserOptions: { projectService: false, project: null } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'off',
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
});

async function sqlProblems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((message) => /SQL lives only in|talks to mysql2/.test(message.message))
    .map((message) => `${message.line}: ${message.ruleId}`);
}

const QUERY_IN_A_HANDLER = `import { sql, type Kysely } from 'kysely';

export async function handler(db: Kysely<Record<string, { id: number }>>): Promise<void> {
  await db.selectFrom('instances').selectAll().execute();
  await db.updateTable('shares').set({ id: 1 }).execute();
  await db.insertInto('messages').values({ id: 1 }).execute();
  await db.deleteFrom('tasks').execute();
  await sql\`select 1\`.execute(db);
}
`;

describe('SQL only in repositories', () => {
  it('fails every query builder call, sql tag and sql import outside a repository', async () => {
    expect(await sqlProblems('src/workers/handlers/fixture.handler.ts', QUERY_IN_A_HANDLER)).toEqual([
      '1: no-restricted-imports',
      '4: no-restricted-syntax',
      '5: no-restricted-syntax',
      '6: no-restricted-syntax',
      '7: no-restricted-syntax',
      '8: no-restricted-syntax',
    ]);
  });

  it('fails a query in the CLI and a direct mysql2 import outside database/', async () => {
    const code = `import mysql from 'mysql2';\n${QUERY_IN_A_HANDLER.split('\n').slice(1).join('\n')}`;
    const problems = await sqlProblems('src/cli/fixture-command.ts', code);
    expect(problems[0]).toBe('1: no-restricted-imports');
    expect(problems).toHaveLength(6);
  });

  it('allows the same code in a repository of cell-db/ or registry/', async () => {
    expect(await sqlProblems('src/cell-db/fixture.repository.ts', QUERY_IN_A_HANDLER)).toEqual([]);
    expect(await sqlProblems('src/registry/fixture.repository.ts', QUERY_IN_A_HANDLER)).toEqual([]);
  });

  it('allows sql fragments and mysql2 in database/, but no query builder', async () => {
    expect(await sqlProblems('src/database/fixture.ts', QUERY_IN_A_HANDLER)).toEqual([
      '4: no-restricted-syntax',
      '5: no-restricted-syntax',
      '6: no-restricted-syntax',
      '7: no-restricted-syntax',
    ]);
  });
});
