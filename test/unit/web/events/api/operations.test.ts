import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';

import { OPERATIONS } from '../../../../../web/events/src/api/operations.js';

const SCHEMA_DIRECTORY = join(import.meta.dirname, '../../../../../schema');
const schema = buildSchema(
  readdirSync(SCHEMA_DIRECTORY)
    .filter((name) => name.endsWith('.graphql'))
    .map((name) => readFileSync(join(SCHEMA_DIRECTORY, name), 'utf8'))
    .join('\n'),
);

describe("the Event Viewer's operations", () => {
  it('are valid against schema/schema.graphql', () => {
    expect(OPERATIONS.length).toBe(4);
    for (const operation of OPERATIONS) {
      expect(validate(schema, parse(operation)).map((error) => error.message)).toEqual([]);
    }
  });
});
