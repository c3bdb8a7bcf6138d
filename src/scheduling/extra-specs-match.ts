/**
 * Manila's extra-spec matching: does a backend's capability satisfy a share type's extra spec?
 *
 * Implements `manila/scheduler/filters/extra_specs_ops.match`, `manila/scheduler/utils.capabilities_satisfied` and
 * the extra-spec half of `FilterScheduler._format_filter_properties`. Where Python would raise (a `TypeError` from
 * comparing a number with a string, an `IndexError` from an empty `<or>`), these functions answer `false` instead:
 * the backend does not match, and the scheduler carries on.
 */

/**
 * Whether `capability` satisfies the extra-spec `requirement` (Manila's `extra_specs_ops.match`).
 *
 * The requirement is lower-cased, and so is the capability when it is a string. Its first word may be an operator,
 * which takes the next word as its operand: `=` (float ≥), `==`, `!=`, `>=`, `<=` (float), `s==`, `s!=`, `s<`,
 * `s<=`, `s>`, `s>=` (string), `<in>` (substring of a string capability), `<is>` (`bool_from_string` equality) and
 * `<or> a <or> b` (any word equals a string capability). Without an operator a boolean capability is compared with
 * `boolFromString(requirement)`, and any other capability must equal the whole lower-cased requirement, so a
 * number never equals a string (as in Python). An operand that is missing or not a float makes it `false`.
 */
export function matchesExtraSpec(capability: unknown, requirement: string): boolean {
  const value = typeof capability === 'string' ? capability.toLowerCase() : capability;
  const req = requirement.toLowerCase();
  const words = req.split(/\s+/).filter((word) => word !== '');
  const op = words[0];
  const operand = words[1];

  if (op === '<or>') return matchesAlternatives(value, words.slice(1));
  if (op === undefined || !OPERATORS.has(op)) {
    if (typeof value === 'boolean') return value === boolFromString(req);
    return value === req;
  }
  if (operand === undefined) return false;
  switch (op) {
    case '=':
    case '>=':
      return compareFloats(value, operand, (x, y) => x >= y);
    case '==':
      return compareFloats(value, operand, (x, y) => x === y);
    case '!=':
      return compareFloats(value, operand, (x, y) => x !== y);
    case '<=':
      return compareFloats(value, operand, (x, y) => x <= y);
    case 's==':
      return value === operand;
    case 's!=':
      return value !== operand;
    case 's<':
      return typeof value === 'string' && value < operand;
    case 's<=':
      return typeof value === 'string' && value <= operand;
    case 's>':
      return typeof value === 'string' && value > operand;
    case 's>=':
      return typeof value === 'string' && value >= operand;
    case '<in>':
      return typeof value === 'string' && value.includes(operand);
    case '<is>':
      return boolFromString(value) === boolFromString(operand);
    default:
      throw new Error(`Extra-spec operator "${op}" has no implementation.`);
  }
}

/**
 * Whether `capabilities` satisfy every extra spec (Manila's `scheduler/utils.capabilities_satisfied`).
 *
 * `availability_zones`, `capabilities:availability_zones` and `default_qos_type` are not capabilities and are
 * skipped, and so are scoped keys other than `capabilities:` (vendor specs such as `netapp:dedup`). A
 * `capabilities:a:b` key walks nested objects. A capability that is missing (or `null`) fails the backend; a list
 * capability passes when any element matches. No extra specs: `true`.
 */
export function capabilitiesSatisfied(
  capabilities: Readonly<Record<string, unknown>>,
  extraSpecs: Readonly<Record<string, string>>,
): boolean {
  for (const [key, requirement] of Object.entries(extraSpecs)) {
    if (IGNORED_KEYS.has(key)) continue;
    const scope = key.split(':');
    if (scope.length > 1 && scope[0] !== 'capabilities') continue;
    if (scope[0] === 'capabilities') scope.shift();

    let capability: unknown = capabilities;
    for (const part of scope) {
      // Own keys of plain objects only: `capabilities:constructor` must not reach Object.prototype.
      capability = isRecord(capability) && Object.hasOwn(capability, part) ? capability[part] : undefined;
      if (capability === undefined || capability === null) return false;
    }
    const candidates: readonly unknown[] = Array.isArray(capability) ? capability : [capability];
    if (!candidates.some((candidate) => matchesExtraSpec(candidate, requirement))) return false;
  }
  return true;
}

/**
 * The extra specs the CapabilitiesFilter matches for a share of protocol `shareProto` (the extra-spec half of
 * Manila's `FilterScheduler._format_filter_properties`).
 *
 * Boolean specs (`driver_handles_share_servers`, `snapshot_support`, ...) that do not start with `<is>` get an
 * `<is> ` prefix, so `False` matches a backend reporting `false`; when there is no `storage_protocol` spec it asks
 * for `<in> SHARE_PROTO`, since a backend may report several protocols (`NFS_CIFS`). Returns a new object.
 */
export function formatShareExtraSpecs(
  extraSpecs: Readonly<Record<string, string>>,
  shareProto: string,
): Record<string, string> {
  const formatted: Record<string, string> = { ...extraSpecs };
  for (const key of BOOLEAN_EXTRA_SPECS) {
    const spec = formatted[key];
    if (spec !== undefined && !spec.startsWith('<is>')) formatted[key] = `<is> ${spec}`;
  }
  if (formatted['storage_protocol'] === undefined) {
    formatted['storage_protocol'] = `<in> ${shareProto.toUpperCase()}`;
  }
  return formatted;
}

/** Operators that take one operand (`<or>` is handled on its own). */
const OPERATORS = new Set([
  '=',
  '==',
  '!=',
  '>=',
  '<=',
  's==',
  's!=',
  's<',
  's<=',
  's>',
  's>=',
  '<in>',
  '<is>',
]);

/** Extra specs that are not capabilities (the AvailabilityZoneFilter and the QoS check own them). */
const IGNORED_KEYS = new Set(['availability_zones', 'capabilities:availability_zones', 'default_qos_type']);

/** Manila's boolean extra specs (`share_types.get_boolean_extra_specs()`). */
const BOOLEAN_EXTRA_SPECS = [
  'driver_handles_share_servers',
  'snapshot_support',
  'create_share_from_snapshot_support',
  'revert_to_snapshot_support',
  'mount_snapshot_support',
  'snapshot_inherit_share_access_support',
] as const;

const TRUE_STRINGS = new Set(['1', 't', 'true', 'on', 'y', 'yes']);

/** oslo's `strutils.bool_from_string` (not strict): booleans as they are, `1/t/true/on/y/yes` true, all else false. */
function boolFromString(subject: unknown): boolean {
  if (typeof subject === 'boolean') return subject;
  return TRUE_STRINGS.has(String(subject).trim().toLowerCase());
}

/** `<or> a <or> b`: the words at even positions are alternatives; a string capability must equal one of them. */
function matchesAlternatives(value: unknown, words: readonly string[]): boolean {
  return words.some((word, index) => index % 2 === 0 && word === value);
}

/** Applies `compare` to both sides as Python floats; `false` when either is not one (Python's `ValueError`). */
function compareFloats(value: unknown, operand: string, compare: (x: number, y: number) => boolean): boolean {
  const x = toFloat(value);
  const y = toFloat(operand);
  return x !== null && y !== null && compare(x, y);
}

const FLOAT_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const SPECIAL_FLOATS = new Map([
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-infinity', -Infinity],
  ['nan', NaN],
  ['+nan', NaN],
  ['-nan', NaN],
]);

/** Python's `float(x)` for the values capabilities hold; `null` where Python raises. */
function toFloat(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string') return null;
  const text = value.trim().toLowerCase();
  if (FLOAT_PATTERN.test(text)) return Number(text);
  return SPECIAL_FLOATS.get(text) ?? null;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
