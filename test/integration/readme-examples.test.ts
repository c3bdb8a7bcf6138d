import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildSchema, parse, validate } from 'graphql';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startWorkers } from '../../src/app.js';
import { loadTypeDefs } from '../../src/graphql/type-defs.js';
import {
  hasData,
  readExamples,
  resolveVariables,
  sampleMatches,
  type ReadmeExample,
} from '../support/readme-examples.js';
import { startTopology, waitFor, type GraphqlAnswer, type Topology } from '../support/topology.js';

/**
 * Runs every ```graphql example of the README, in the README's order, against the demo data of `npm start`
 * (`cellgate demo seed` with 5 servers per cell, the workers of every cell in-process), with the token its first
 * line names: each must answer without errors and return data, and its sample response, if it has one, must be the
 * real answer (times and request ids aside). Queries are retried for a while, because some show the outcome of
 * asynchronous work an earlier mutation started; mutations run once, so that they do what a reader's would.
 */

const README = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
const examples = readExamples(README);
const SETTLE_MS = 20_000;

describe('README examples', () => {
  let topology: Topology;
  let workers: Awaited<ReturnType<typeof startWorkers>>;
  /** Root field → the answers of the examples so far that selected it, in order (for `@field#n` references). */
  const answers = new Map<string, unknown[]>();

  beforeAll(async () => {
    topology = await startTopology({ serversPerCell: 5 });
    workers = await startWorkers({
      config: topology.config,
      api: topology.app!.services.api,
      logger: pino({ level: 'silent' }),
    });
  });

  afterAll(async () => {
    await workers?.stop();
    await topology?.stop();
  });

  it('has examples, each valid against the schema', () => {
    expect(examples.length).toBeGreaterThan(10);
    const schema = buildSchema(loadTypeDefs());
    for (const example of examples) {
      expect({
        line: example.line,
        errors: validate(schema, parse(example.query)).map((e) => e.message),
      }).toEqual({
        line: example.line,
        errors: [],
      });
    }
  });

  it.each(
    examples.map((example) => [`line ${example.line} (${example.rootFields.join(', ')})`, example] as const),
  )('runs the example at %s', async (_name, example: ReadmeExample) => {
    const token = example.token === 'admin' ? topology.tokens.admin : topology.tokens.demo;
    const variables = resolveVariables(example.variables, answers) as Record<string, unknown>;
    const run = () => topology.graphql(example.query, variables, token);
    const isGood = (answer: GraphqlAnswer) =>
      answer.status === 200 &&
      answer.body.errors === undefined &&
      hasData(answer.body.data, example.rootFields) &&
      (example.sample === undefined || sampleMatches(example.sample, answer.body));
    let answer = await run();
    if (example.operation === 'query' && !isGood(answer)) {
      try {
        answer = await waitFor(async () => {
          const next = await run();
          answer = next;
          return isGood(next) ? next : null;
        }, SETTLE_MS);
      } catch {
        // The expectations below say what differs.
      }
    }
    expect(answer.body.errors).toBeUndefined();
    expect(hasData(answer.body.data, example.rootFields)).toBe(true);
    for (const field of example.rootFields) {
      answers.set(field, [...(answers.get(field) ?? []), answer.body.data![field]]);
    }
    if (example.sample !== undefined && !sampleMatches(example.sample, answer.body)) {
      // Shows the real answer next to the sample, so the README can be corrected from it.
      expect(answer.body).toEqual(example.sample);
    }
  });
});
