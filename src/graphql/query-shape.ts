import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** The size of an operation as execution will see it, fragments expanded. */
export interface QueryShape {
  /** Fields with an alias, each fragment counted as often as it is spread. */
  readonly aliases: number;
  /** The deepest nesting of fields (`{ servers { nodes { id } } }` is 3). */
  readonly depth: number;
}

/**
 * Measures aliases and depth of `operation`, expanding fragment spreads (a fragment with 10 aliases spread 100
 * times is 1000 aliases).
 *
 * Each fragment is measured once and its figures reused, so the walk is linear in the document even for
 * fragments that spread each other many times. Expects a validated document (no fragment cycles).
 */
export function measureQueryShape(document: DocumentNode, operation: OperationDefinitionNode): QueryShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measured = new Map<string, QueryShape>();
  const measure = (selectionSet: SelectionSetNode): QueryShape => {
    let aliases = 0;
    let depth = 0;
    for (const selection of selectionSet.selections) {
      let inner: QueryShape;
      switch (selection.kind) {
        case Kind.FIELD: {
          const below = selection.selectionSet ? measure(selection.selectionSet) : { aliases: 0, depth: 0 };
          inner = { aliases: below.aliases + (selection.alias ? 1 : 0), depth: below.depth + 1 };
          break;
        }
        case Kind.INLINE_FRAGMENT:
          inner = measure(selection.selectionSet);
          break;
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (!fragment) continue;
          inner = measured.get(name) ?? measure(fragment.selectionSet);
          measured.set(name, inner);
          break;
        }
      }
      aliases += inner.aliases;
      depth = Math.max(depth, inner.depth);
    }
    return { aliases, depth };
  };
  return measure(operation.selectionSet);
}
