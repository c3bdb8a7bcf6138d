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
}

/**
 * Measures the aliases of `operation`, expanding fragment spreads (a fragment with 10 aliases spread 100 times is
 * 1000 aliases).
 *
 * Each fragment is measured once and its figure reused, so the walk is linear in the document even for fragments
 * that spread each other many times. Expects a validated document (no fragment cycles).
 */
export function measureQueryShape(document: DocumentNode, operation: OperationDefinitionNode): QueryShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measured = new Map<string, number>();
  const aliasesIn = (selectionSet: SelectionSetNode): number => {
    let aliases = 0;
    for (const selection of selectionSet.selections) {
      switch (selection.kind) {
        case Kind.FIELD:
          aliases +=
            (selection.alias ? 1 : 0) + (selection.selectionSet ? aliasesIn(selection.selectionSet) : 0);
          break;
        case Kind.INLINE_FRAGMENT:
          aliases += aliasesIn(selection.selectionSet);
          break;
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (!fragment) break;
          const inFragment = measured.get(name) ?? aliasesIn(fragment.selectionSet);
          measured.set(name, inFragment);
          aliases += inFragment;
          break;
        }
      }
    }
    return aliases;
  };
  return { aliases: aliasesIn(operation.selectionSet) };
}
