/**
 * The value of a claim named by a dotted path (`realm_access.roles` reads `payload.realm_access.roles`), or
 * `undefined` when some step is missing or not an object.
 *
 * A claim whose own name contains the whole path (e.g. a literal `"realm_access.roles"` key) wins, as some
 * identity providers flatten nested claims that way.
 */
export function readClaim(payload: Readonly<Record<string, unknown>>, path: string): unknown {
  if (Object.hasOwn(payload, path)) return payload[path];
  let value: unknown = payload;
  for (const step of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, step)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

/** `payload` with `value` at the dotted `path`, creating the nested objects on the way. */
export function writeClaim(
  payload: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const steps = path.split('.');
  let target = payload;
  for (const step of steps.slice(0, -1)) {
    const next = target[step];
    target =
      next !== null && typeof next === 'object' ? (next as Record<string, unknown>) : (target[step] = {});
  }
  target[steps.at(-1)!] = value;
  return payload;
}
