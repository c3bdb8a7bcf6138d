import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildSchema, Kind, parse, validate, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';

import { DEFAULTS } from '../../../src/config/config.js';
import { estimateQueryCost, FIELD_COSTS } from '../../../src/graphql/query-cost.js';
import { measureQueryShape } from '../../../src/graphql/query-shape.js';
import { defaultQuery } from '../../../src/server/graphiql.js';

const ROOT = join(import.meta.dirname, '../../..');
const schema = buildSchema(readFileSync(join(ROOT, 'schema/schema.graphql'), 'utf8'));
/** The demo topology: cell0 and three cells. */
const CELLS = 4;
const MAX_LIMIT = DEFAULTS.MAX_LIMIT;

function cost(query: string, variables: Record<string, unknown> = {}, cellCount = CELLS): number {
  const document = parse(query);
  expect(validate(schema, document)).toEqual([]);
  const estimate = estimateQueryCost({ schema, document, variables, cellCount, maxLimit: MAX_LIMIT });
  if (estimate.status !== 'estimated') throw new Error(`not estimated: ${estimate.status}`);
  return estimate.cost;
}

/** Every operation of every ```graphql block of the README, each as a document of its own. */
function readmeOperations(): { readonly text: string; readonly document: DocumentNode }[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);
  return blocks.flatMap((block) => {
    const document = parse(block);
    const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
    return document.definitions
      .filter((d) => d.kind === Kind.OPERATION_DEFINITION)
      .map((operation) => ({
        text: block.slice(operation.loc!.start, operation.loc!.end),
        document: { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] } as DocumentNode,
      }));
  });
}

const aliasedPages = (count: number, first: number) =>
  `{ ${Array.from({ length: count }, (_, i) => `p${i}: servers(first: ${first}) { nodes { id } }`).join(' ')} }`;

describe('estimateQueryCost', () => {
  it('costs a list its page times the cells, and each per-item subfield once per item of the page', () => {
    expect(cost('{ servers(first: 10) { nodes { id name } } }')).toBe(10 * CELLS);
    expect(
      cost('{ servers(first: 10) { nodes { id fault { code } messages { eventId } flavor { name } } } }'),
    ).toBe(10 * CELLS + 10 * 3);
    expect(cost('{ shares { nodes { id shareType { name } } partial } }')).toBe(
      MAX_LIMIT * CELLS + MAX_LIMIT,
    );
    expect(cost('{ servers(first: 5000) { nodes { id } } }')).toBe(MAX_LIMIT * CELLS);
    expect(cost('{ servers(first: 10) { nodes { id } } }', {}, 10)).toBe(100);
  });

  it('reads first from variables, expands fragments and honours @skip', () => {
    const query = `query ($n: Int, $skip: Boolean!) {
      servers(first: $n) { ...Page }
      shares(first: 1) @skip(if: $skip) { nodes { id } }
    }
    fragment Page on ServerConnection { nodes { id fault { code } } edges { node { id } } }`;
    expect(cost(query, { n: 7, skip: true })).toBe(7 * CELLS + 7);
    expect(cost(query, { n: 7, skip: false })).toBe(7 * CELLS + 7 + CELLS);
    expect(cost(query, { skip: true })).toBe(MAX_LIMIT * CELLS + MAX_LIMIT);
  });

  it('costs shows, catalogue lists and mutations by what they ask', () => {
    expect(cost('{ server(id: "x") { id fault { code } messages { id } } }')).toBe(3);
    expect(cost('{ message(id: "x") { id } }')).toBe(CELLS);
    expect(cost('{ flavors { name } shareTypes { name } cells { name } }')).toBe(2);
    expect(
      cost('mutation { createServer(input: { name: "a", flavor: "m1.tiny" }) { id fault { code } } }'),
    ).toBe(CELLS + 1);
  });

  it('passes a page of 1000 servers with fault, messages and flavor under the default limit', () => {
    const page =
      '{ servers(first: 1000) { nodes { id fault { code message } messages { eventId } flavor { name } } } }';
    expect(cost(page)).toBe(7_000);
    expect(cost(page)).toBeLessThanOrEqual(DEFAULTS.MAX_QUERY_COST);
  });

  it('refuses 100 aliased pages of 1000 under the default limit', () => {
    expect(cost(aliasedPages(100, 1000))).toBe(400_000);
    expect(cost(aliasedPages(100, 1000))).toBeGreaterThan(DEFAULTS.MAX_QUERY_COST);
  });

  it('passes the GraphiQL default queries (member and admin)', () => {
    for (const query of [defaultQuery(''), defaultQuery(', allProjects: true')]) {
      expect(cost(query)).toBe(10 * CELLS + 10 * 3);
    }
  });

  it('passes every README example under the default cost and alias limits', () => {
    const operations = readmeOperations();
    expect(operations.length).toBeGreaterThan(10);
    for (const { text, document } of operations) {
      expect(validate(schema, document), text).toEqual([]);
      const estimate = estimateQueryCost({ schema, document, cellCount: CELLS, maxLimit: MAX_LIMIT });
      expect(estimate.status, text).toBe('estimated');
      if (estimate.status === 'estimated')
        expect(estimate.cost, text).toBeLessThanOrEqual(DEFAULTS.MAX_QUERY_COST);
      const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
      const shape = measureQueryShape(document, operation);
      expect(shape.aliases, text).toBeLessThanOrEqual(DEFAULTS.MAX_QUERY_ALIASES);
    }
  });

  it('gives up on a document whose fragments expand past the field budget', () => {
    const fragments = Array.from(
      { length: 12 },
      (_, i) => `fragment F${i} on Query { ${i === 11 ? 'flavors { name }' : `...F${i + 1} ...F${i + 1}`} }`,
    ).join('\n');
    const document = parse(`{ ...F0 }\n${fragments}`);
    expect(
      estimateQueryCost({ schema, document, cellCount: CELLS, maxLimit: MAX_LIMIT, maxFieldsVisited: 1000 }),
    ).toEqual({
      status: 'too-many-fields',
      maxFieldsVisited: 1000,
    });
  });

  it('has a cost row for every query and mutation of the schema', () => {
    const roots = [
      ...Object.keys(schema.getQueryType()!.getFields()).map((field) => `Query.${field}`),
      ...Object.keys(schema.getMutationType()!.getFields()).map((field) => `Mutation.${field}`),
    ];
    for (const root of roots) expect(FIELD_COSTS, root).toHaveProperty([root]);
  });
});

describe('measureQueryShape', () => {
  it('counts aliases with fragments expanded, each fragment measured once', () => {
    const document = parse(`{ a: flavors { name } ...Twice ...Twice }
      fragment Twice on Query { b: servers { nodes { id c: name } } }`);
    const operation = document.definitions[0]!;
    if (operation.kind !== Kind.OPERATION_DEFINITION) throw new Error('no operation');
    expect(measureQueryShape(document, operation)).toEqual({ aliases: 5 });
  });
});
