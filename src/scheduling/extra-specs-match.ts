/**
 * Manila's extra-spec matching (`scheduler/filters/extra_specs_ops.match` and `scheduler/utils.capabilities_satisfied`):
 * does a backend's capability satisfy a share type's requirement?
 */

const TRUE_STRINGS = new Set(['1', 't', 'true', 'on', 'y', 'yes']);

/** oslo's `bool_from_string`: true for 1/t/true/on/y/yes (any case), false otherwise. */
export function boolFromString(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  return TRUE_STRINGS.has(String(value).trim().toLowerCase());
}

const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);

/**
 * Whether `capability` satisfies `requirement`, with Manila's operators: `=` (float ≥), `==`, `!=`, `>=`, `<=`,
 * `s==`, `s!=`, `s<`, `s<=`, `s>`, `s>=`, `<in>` (substring), `<is>` (boolean), `<or> a <or> b`. Without an
 * operator a boolean capability compares with `boolFromString(requirement)` and anything else by equality. Strings
 * compare lower-cased.
 */
export function matchesExtraSpec(capability: unknown, requirement: string): boolean {
  const words = requirement.trim().split(/\s+/);
  const op = words[0] ?? '';
  const rest = words.slice(1).join(' ');
  const value = lower(capability);
  const wanted = rest.toLowerCase();
  switch (op) {
    case '=':
      return Number(capability) >= Number(rest);
    case '==':
      return Number(capability) === Number(rest);
    case '!=':
      return Number(capability) !== Number(rest);
    case '>=':
      return Number(capability) >= Number(rest);
    case '<=':
      return Number(capability) <= Number(rest);
    case 's==':
      return String(value) === wanted;
    case 's!=':
      return String(value) !== wanted;
    case 's<':
      return String(value) < wanted;
    case 's<=':
      return String(value) <= wanted;
    case 's>':
      return String(value) > wanted;
    case 's>=':
      return String(value) >= wanted;
    case '<in>':
      return String(value).includes(wanted);
    case '<is>':
      return boolFromString(capability) === boolFromString(rest);
    case '<or>':
      return requirement
        .split('<or>')
        .map((alternative) => alternative.trim().toLowerCase())
        .filter((alternative) => alternative !== '')
        .includes(String(value));
    default:
      if (typeof capability === 'boolean') return capability === boolFromString(requirement);
      return String(value) === requirement.trim().toLowerCase();
  }
}

const IGNORED_KEYS = new Set(['availability_zones', 'capabilities:availability_zones', 'default_qos_type']);

/**
 * Whether `capabilities` satisfy every extra spec: keys `capabilities:a:b` walk nested capabilities, other scoped
 * keys (`vendor:foo`) and zone/QoS keys are ignored, a missing capability fails, and a list capability passes when
 * any element matches.
 */
export function capabilitiesSatisfied(
  capabilities: Readonly<Record<string, unknown>>,
  extraSpecs: Readonly<Record<string, string>>,
): boolean {
  for (const [key, requirement] of Object.entries(extraSpecs)) {
    if (IGNORED_KEYS.has(key)) continue;
    let path = key.split(':');
    if (path.length > 1) {
      if (path[0] !== 'capabilities') continue;
      path = path.slice(1);
    }
    let capability: unknown = capabilities;
    for (const part of path) {
      capability =
        capability !== null && typeof capability === 'object'
          ? (capability as Record<string, unknown>)[part]
          : undefined;
    }
    if (capability === undefined || capability === null) return false;
    const candidates = Array.isArray(capability) ? capability : [capability];
    if (!candidates.some((candidate) => matchesExtraSpec(candidate, requirement))) return false;
  }
  return true;
}

const BOOLEAN_SPECS = [
  'driver_handles_share_servers',
  'snapshot_support',
  'create_share_from_snapshot_support',
  'revert_to_snapshot_support',
  'mount_snapshot_support',
  'snapshot_inherit_share_access_support',
];

/**
 * Manila's `_format_filter_properties`: boolean extra specs without an operator get `<is> `, and a request without a
 * `storage_protocol` spec asks for `<in> <SHARE_PROTO>`.
 */
export function formatShareExtraSpecs(
  extraSpecs: Readonly<Record<string, string>>,
  shareProto: string,
): Record<string, string> {
  const formatted: Record<string, string> = { ...extraSpecs };
  for (const key of BOOLEAN_SPECS) {
    const value = formatted[key];
    if (value !== undefined && !value.trim().startsWith('<is>')) formatted[key] = `<is> ${value}`;
  }
  if (formatted['storage_protocol'] === undefined)
    formatted['storage_protocol'] = `<in> ${shareProto.toUpperCase()}`;
  return formatted;
}
