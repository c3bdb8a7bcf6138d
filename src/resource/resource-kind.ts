/**
 * The kinds of resource cellgate places in cells: the one definition of a kind, from which every other spelling
 * is derived (the API database's `resource_type` values are the kinds themselves; GraphQL and the cells'
 * `messages.resource_type` use `ResourceTypeName`; client messages use `resourceNoun`).
 *
 * Adding a kind here makes the type checker list every place that must handle it: each `switch` over a kind ends
 * in `assertNever`, and each per-kind table is indexed by `ResourceKind`. docs/ARCHITECTURE.md lists the files a
 * new kind needs.
 */
export const RESOURCE_KINDS = ['server', 'share'] as const;

/** A kind of resource: `'server'` or `'share'`. */
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** The spelling of a kind in GraphQL (`MessageResourceType`) and in the cells' messages: `'SERVER'`. */
export type ResourceTypeName = Uppercase<ResourceKind>;

/** The GraphQL and message spelling of `kind`: `'server'` → `'SERVER'`. */
export function resourceTypeName(kind: ResourceKind): ResourceTypeName {
  return kind.toUpperCase() as ResourceTypeName;
}

/** The kind a GraphQL or message spelling stands for: `'SHARE'` → `'share'`. */
export function resourceKindOf(name: ResourceTypeName): ResourceKind {
  return name.toLowerCase() as ResourceKind;
}

/** The noun of a kind in a client message (`Server "…" was not found.`): `'server'` → `'Server'`. */
export function resourceNoun(kind: ResourceKind): Capitalize<ResourceKind> {
  return `${kind.charAt(0).toUpperCase()}${kind.slice(1)}` as Capitalize<ResourceKind>;
}
