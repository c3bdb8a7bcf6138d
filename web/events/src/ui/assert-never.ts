/** Marks a branch the type checker proves unreachable; reaching it anyway is a bug, so it throws. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value ${JSON.stringify(value)}.`);
}
