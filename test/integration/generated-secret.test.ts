import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { secretKey, signToken } from '../../src/auth/sign-token.js';
import { runCellgate } from '../support/cellgate-cli.js';
import { postGraphql, startTopology, type Topology } from '../support/topology.js';

const ROOT = join(import.meta.dirname, '../..');
const cellgate = runCellgate;

/** Every string literal (plain and template without substitutions) of the TypeScript files under `dir`. */
function stringLiterals(dir: string): Set<string> {
  const found = new Set<string>();
  const walk = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path)) walk(join(path, entry));
      return;
    }
    if (!path.endsWith('.ts')) return;
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2023, true);
    const visit = (node: ts.Node) => {
      if (ts.isStringLiteralLike(node)) found.add(node.text);
      else if (ts.isTemplateExpression(node)) {
        found.add(node.head.text);
        for (const span of node.templateSpans) found.add(span.literal.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  };
  walk(dir);
  return found;
}

/** A gateway started with neither AUTH_JWT_SECRET nor AUTH_JWKS_URL: no secret is built into the code. */
describe('the generated token secret', () => {
  let topology: Topology;
  /** The environment of a `cellgate` process for this topology, without a secret. */
  let env: Record<string, string>;

  beforeAll(async () => {
    topology = await startTopology({ cells: ['cell1'], serversPerCell: 0, env: { AUTH_JWT_SECRET: '' } });
    env = { ...topology.env, AUTH_JWT_SECRET: '', AUTH_JWKS_URL: '' };
  });

  afterAll(async () => {
    await topology?.stop();
  });

  it('accepts no token signed with any string literal of the sources', async () => {
    const literals = new Set([...stringLiterals(join(ROOT, 'src')), ...stringLiterals(join(ROOT, 'cells'))]);
    literals.add('cellgate-development-secret-do-not-use-in-production'); // the old built-in secret
    literals.delete('');
    expect(literals.size).toBeGreaterThan(500);
    const candidates = [...literals];
    const accepted: string[] = [];
    for (let start = 0; start < candidates.length; start += 16) {
      await Promise.all(
        candidates.slice(start, start + 16).map(async (literal) => {
          const token = await signToken(
            { userId: 'admin', projectId: 'admin', role: 'admin' },
            secretKey(literal),
          );
          const answer = await postGraphql(topology.baseUrl, '{ flavors { name } }', {}, token);
          if (answer.status !== 401) accepted.push(literal);
        }),
      );
    }
    expect(accepted).toEqual([]);
  });

  it('agrees with `cellgate token` across restarts of the gateway', async () => {
    const printed = await cellgate(['token', '--user', 'demo-user', '--project', 'demo'], env);
    expect(printed).toMatchObject({ code: 0, stderr: '' });
    const token = printed.stdout.trim();
    expect((await postGraphql(topology.baseUrl, '{ flavors { name } }', {}, token)).status).toBe(200);
    expect((await topology.graphql('{ flavors { name } }', {}, topology.tokens.demo)).status).toBe(200);

    await topology.app!.close();
    const restarted = await topology.startGateway({ AUTH_JWT_SECRET: '' });
    expect((await restarted.graphql('{ flavors { name } }', {}, token)).status).toBe(200);
    const again = await cellgate(['token', '--user', 'demo-reader', '--project', 'demo', '--reader'], env);
    expect(again.code).toBe(0);
    const read = await restarted.graphql<{ flavors: unknown[] }>(
      '{ flavors { name } }',
      {},
      again.stdout.trim(),
    );
    expect(read.status).toBe(200);
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data).toEqual({ flavors: [] }); // nothing seeded
  });
});
