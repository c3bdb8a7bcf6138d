import { Kind, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the query selects `path` (field names, e.g. `['nodes', 'fault']`) below the field being resolved, through
 * fragments and inline fragments, in any of its field nodes (a field asked twice under one response key).
 *
 * Conservative: `@skip` and `@include` are not evaluated, and an inline fragment's type condition is not checked,
 * so a field that might be selected counts as selected. What it decides is only whether to fetch ahead.
 */
export function selectsField(
  info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>,
  path: readonly string[],
): boolean {
  return info.fieldNodes.some(
    (node) => node.selectionSet !== undefined && selects(node.selectionSet, path, 0, info.fragments),
  );
}

function selects(
  selectionSet: SelectionSetNode,
  path: readonly string[],
  depth: number,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
): boolean {
  for (const selection of selectionSet.selections) {
    switch (selection.kind) {
      case Kind.FIELD:
        if (selection.name.value !== path[depth]) break;
        if (depth === path.length - 1) return true;
        if (selection.selectionSet && selects(selection.selectionSet, path, depth + 1, fragments))
          return true;
        break;
      case Kind.INLINE_FRAGMENT:
        if (selects(selection.selectionSet, path, depth, fragments)) return true;
        break;
      case Kind.FRAGMENT_SPREAD: {
        const fragment = fragments[selection.name.value];
        if (fragment && selects(fragment.selectionSet, path, depth, fragments)) return true;
        break;
      }
    }
  }
  return false;
}
