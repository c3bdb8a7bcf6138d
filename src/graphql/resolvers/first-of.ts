/** The first `first` items (all of them when `first` is not given, none for a negative one): `messages(first:)`. */
export function firstOf<T>(items: readonly T[], first: number | null | undefined): readonly T[] {
  return first === null || first === undefined ? items : items.slice(0, Math.max(first, 0));
}
