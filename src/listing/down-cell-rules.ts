/** The arguments of a server or share list that the down-cell rules look at. */
export interface ListArgsForRules {
  readonly filter?: Readonly<Record<string, unknown>> | null | undefined;
  readonly sort?: readonly unknown[] | null | undefined;
  readonly first?: number | null | undefined;
  readonly after?: string | null | undefined;
}

/**
 * Whether a list may answer for an unreachable cell with minimal constructs (CONTRACT section 5, Nova 2.69).
 *
 * Only when the query has no filter other than `projectId` and `deleted: false`, and none of `sort`, `first`,
 * `after`. A filter field given as `null` counts as absent; an empty `sort` list counts as no sort.
 */
export function mayBuildConstructs(args: ListArgsForRules): boolean {
  if (args.sort !== null && args.sort !== undefined && args.sort.length > 0) return false;
  if (args.first !== null && args.first !== undefined) return false;
  if (args.after !== null && args.after !== undefined) return false;
  for (const [name, value] of Object.entries(args.filter ?? {})) {
    if (value === null || value === undefined) continue;
    if (name === 'projectId') continue;
    if (name === 'deleted' && value === false) continue;
    return false;
  }
  return true;
}

/** What a list does about a cell that did not answer. */
export type UnreachableCellAction = 'constructs' | 'skip' | 'fail';

/**
 * Constructs when the rules allow them; otherwise skip the cell, or fail with `CELL_UNAVAILABLE` when the operator
 * set `LIST_RECORDS_BY_SKIPPING_DOWN_CELLS=false`.
 */
export function actionForUnreachableCell(
  isConstructAllowed: boolean,
  isSkippingDownCells: boolean,
): UnreachableCellAction {
  if (isConstructAllowed) return 'constructs';
  return isSkippingDownCells ? 'skip' : 'fail';
}
