import {
  Kind,
  parse,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';

import { selectsField } from '../../../src/graphql/selects-field.js';

/** What a resolver of the query's first root field sees: its field nodes and the document's fragments. */
function infoOf(query: string) {
  const document = parse(query);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  )!;
  return { fieldNodes: [operation.selectionSet.selections[0] as FieldNode], fragments };
}

describe('selectsField', () => {
  it('finds a path of fields below the resolved field, and nothing that is not on the path', () => {
    const info = infoOf('{ servers { nodes { id fault { code } } pageInfo { hasNextPage } } }');
    expect(selectsField(info, ['nodes', 'fault'])).toBe(true);
    expect(selectsField(info, ['nodes', 'fault', 'code'])).toBe(true);
    expect(selectsField(info, ['nodes', 'messages'])).toBe(false);
    expect(selectsField(info, ['edges', 'node', 'fault'])).toBe(false);
    expect(selectsField(info, ['fault'])).toBe(false);
  });

  it('follows fragment spreads and inline fragments, at any depth, and aliases do not hide a field', () => {
    const info = infoOf(`
      query { servers { ...page } }
      fragment page on ServerConnection { edges { node { ... on Server { ...withFault } } } }
      fragment withFault on Server { broken: fault { code } }`);
    expect(selectsField(info, ['edges', 'node', 'fault'])).toBe(true);
    expect(selectsField(info, ['nodes', 'fault'])).toBe(false);
  });

  it('says no for a field without a selection and an unknown fragment', () => {
    expect(selectsField(infoOf('{ servers }'), ['nodes'])).toBe(false);
    expect(selectsField(infoOf('{ servers { ...missing } }'), ['nodes'])).toBe(false);
  });
});
