/**
 * Marks a branch that the type checker proves unreachable.
 *
 * Throws a plain `Error` when reached at run time: that is a bug, not a client fault.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
