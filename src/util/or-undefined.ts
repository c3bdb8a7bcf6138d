/** `undefined` for `null` (GraphQL's absent input), the value otherwise. */
export function orUndefined<T>(value: T | null | undefined): T | undefined {
  return value === null ? undefined : value;
}
