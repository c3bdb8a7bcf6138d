import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import MarkdownIt from 'markdown-it';

/**
 * The GraphQL examples of a Markdown document, as `test/integration/readme-examples.test.ts` runs them.
 *
 * Every ```graphql block holds one operation and starts with a line that says who runs it and with what:
 *
 *     # as admin
 *     # as member with { "id": "0b5c…" }
 *     # as member with { "ids": ["@createShare#1.id", "@createShare.id"] }
 *
 * `admin` is the token `npm start` prints for admins, `member` the one for user `demo-user` of project `demo`.
 * The variables are JSON; a string `@<field>[#n].<path>` stands for a value of an earlier example's answer: the
 * n-th (1-based) example whose root field is `<field>`, or the latest without `#n`, then `<path>` (dotted, numbers
 * index lists) inside that field's value. The first ```json block after an example, before the next example, is
 * its sample response (a whole `{ "data": … }` body), compared with `sampleMatches`.
 */
export interface ReadmeExample {
  /** 1-based line of the block's opening fence. */
  readonly line: number;
  readonly query: string;
  readonly token: 'admin' | 'member';
  readonly variables: Readonly<Record<string, unknown>>;
  readonly operation: 'query' | 'mutation' | 'subscription';
  /** The root fields the operation selects (aliases not allowed). */
  readonly rootFields: readonly string[];
  readonly sample: unknown;
}

const HEADER = /^# as (admin|member)(?: with (\{.*\}))?\s*$/;

/**
 * Reads the examples of `markdown` in document order. Throws, naming the line, for a block without a valid header,
 * with other than one operation, or a ```json block that follows no example or follows one that has a sample.
 */
export function readExamples(markdown: string): ReadmeExample[] {
  const tokens = new MarkdownIt().parse(markdown, {});
  const examples: ReadmeExample[] = [];
  let current: { example: ReadmeExample; hasSample: boolean } | undefined;
  for (const token of tokens) {
    if (token.type !== 'fence') continue;
    const language = token.info.trim().split(/\s+/)[0];
    const line = (token.map?.[0] ?? 0) + 1;
    if (language === 'graphql') {
      const example = parseExample(token.content, line);
      examples.push(example);
      current = { example, hasSample: false };
    } else if (language === 'json') {
      if (!current || current.hasSample) {
        throw new Error(
          `Line ${line}: a json block must be the sample response of the graphql block before it.`,
        );
      }
      let sample: unknown;
      try {
        sample = JSON.parse(token.content);
      } catch (error) {
        throw new Error(`Line ${line}: the sample response is not JSON: ${(error as Error).message}`);
      }
      examples[examples.length - 1] = { ...current.example, sample };
      current = { example: examples[examples.length - 1]!, hasSample: true };
    }
  }
  return examples;
}

function parseExample(content: string, line: number): ReadmeExample {
  const header = HEADER.exec(content.split('\n')[0] ?? '');
  if (!header) {
    throw new Error(`Line ${line}: a graphql example starts with "# as admin" or "# as member [with {…}]".`);
  }
  let variables: Record<string, unknown> = {};
  if (header[2] !== undefined) {
    try {
      variables = JSON.parse(header[2]) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`Line ${line}: the variables are not JSON: ${(error as Error).message}`);
    }
  }
  const operations = parse(content).definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operations.length !== 1) {
    throw new Error(`Line ${line}: an example holds exactly one operation, not ${operations.length}.`);
  }
  const operation = operations[0]!;
  const rootFields = operation.selectionSet.selections.map((selection) => {
    if (selection.kind !== Kind.FIELD || selection.alias) {
      throw new Error(`Line ${line}: root selections are plain fields.`);
    }
    return selection.name.value;
  });
  return {
    line,
    query: content,
    token: header[1] as 'admin' | 'member',
    variables,
    operation: operation.operation,
    rootFields,
    sample: undefined,
  };
}

/** Replaces every `@field[#n].path` string in `variables` with the value it stands for in `answers`. */
export function resolveVariables(
  variables: unknown,
  answers: ReadonlyMap<string, readonly unknown[]>,
): unknown {
  if (typeof variables === 'string' && variables.startsWith('@')) {
    const match = /^@(\w+)(?:#(\d+))?((?:\.\w+)*)$/.exec(variables);
    if (!match) throw new Error(`"${variables}" is not a reference of the form @field[#n].path.`);
    const values = answers.get(match[1]!) ?? [];
    const value = match[2] === undefined ? values.at(-1) : values[Number(match[2]) - 1];
    if (value === undefined) throw new Error(`No earlier example answered "${variables}".`);
    let resolved: unknown = value;
    for (const step of match[3]!.split('.').slice(1)) {
      resolved = (resolved as Record<string, unknown> | null)?.[step];
    }
    if (resolved === undefined) throw new Error(`"${variables}" leads nowhere in the earlier answer.`);
    return resolved;
  }
  if (Array.isArray(variables)) return variables.map((item) => resolveVariables(item, answers));
  if (variables !== null && typeof variables === 'object') {
    return Object.fromEntries(
      Object.entries(variables).map(([key, value]) => [key, resolveVariables(value, answers)]),
    );
  }
  return variables;
}

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/;
const REQUEST_ID = /^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Whether an actual answer matches a README sample: equal, except that any two times (ISO 8601) match, any two
 * request ids match, and a sample string containing `…` matches any string with `…` standing for any text (ids of
 * resources an example creates: `"…"`, `"cell1-nfs.cellgate.test:/shares/…"`).
 */
export function sampleMatches(sample: unknown, actual: unknown): boolean {
  if (typeof sample === 'string' && typeof actual === 'string') {
    if (sample.includes('…')) {
      const pattern = sample
        .split('…')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*');
      return new RegExp(`^${pattern}$`, 's').test(actual);
    }
    if (ISO_TIME.test(sample) && ISO_TIME.test(actual)) return true;
    if (REQUEST_ID.test(sample) && REQUEST_ID.test(actual)) return true;
    return sample === actual;
  }
  if (Array.isArray(sample)) {
    return (
      Array.isArray(actual) &&
      sample.length === actual.length &&
      sample.every((item, index) => sampleMatches(item, actual[index]))
    );
  }
  if (sample !== null && typeof sample === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const keys = Object.keys(sample);
    const actualKeys = Object.keys(actual);
    return (
      keys.length === actualKeys.length &&
      keys.every(
        (key) =>
          key in actual &&
          sampleMatches((sample as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key]),
      )
    );
  }
  return sample === actual;
}

/**
 * Whether an answer returns data for its root fields: none is `null`, and none is an empty list or a connection
 * with no `nodes` (the demo data must make every example say something).
 */
export function hasData(
  data: Readonly<Record<string, unknown>> | null | undefined,
  rootFields: readonly string[],
) {
  if (!data) return false;
  return rootFields.every((field) => {
    const value = data[field];
    if (value === null || value === undefined) return false;
    if (Array.isArray(value)) return value.length > 0;
    const nodes = (value as { nodes?: unknown }).nodes;
    return !Array.isArray(nodes) || nodes.length > 0;
  });
}
