// Policies: what may reach a guest, what must be redacted, what fails the audit. The validator
// here and schemas/policy.schema.json say the same thing (a test runs both on one set of
// fixtures); YAML is parsed by the CLI, which hands the value to `validatePolicy`.
import { badField, parseJsonText } from '@hvmpack/guest';
import type { HostIdentity, Identifier, IdentifierClass, Policy, PolicyAction, PolicyRule, Verdict } from './model.js';

/** Every identifier class, in the order reports list them. */
export const IDENTIFIER_CLASSES: readonly IdentifierClass[] = [
  'serial', 'uuid', 'product-key', 'mac-address', 'email', 'asset-tag', 'sku', 'hostname', 'serial-like', 'part-number', 'oem-id', 'oem-string',
];

/** Every policy action, mildest first. */
export const POLICY_ACTIONS: readonly PolicyAction[] = ['allow', 'warn', 'redact', 'fail'];

/**
 * The built-in policy. Placeholders identify no machine: allowed. Serial numbers, the UUID and
 * product keys reaching a guest fail the audit. What else points at one machine or person (asset
 * tags, SKU, MACs, e-mail and host names, serial-like OEM text) should be redacted; part numbers,
 * OEM IDs and other OEM strings (shared by a model's whole production) are warnings.
 */
export const DEFAULT_POLICY: Policy = {
  version: 1,
  rules: [
    { match: { placeholder: true }, action: 'allow', when: 'always', reason: 'a firmware placeholder identifies no machine' },
    { match: { class: ['serial', 'uuid', 'product-key'] }, action: 'fail', reason: 'serial numbers, the system UUID and product keys must not reach a guest' },
    { match: { class: ['asset-tag', 'sku', 'mac-address', 'email', 'hostname', 'serial-like'] }, action: 'redact', reason: 'identifies one machine or person: redact before passing it' },
    { match: { class: ['part-number', 'oem-id', 'oem-string'] }, action: 'warn', reason: 'shared by a model, but tells the guest what the host is' },
  ],
  default: 'warn',
};

/** `*` matches any run of characters; everything else literally, case-insensitively. */
function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(value.trim());
}

/** The id without its instance (`smbios.17[2].serialNumber` → `smbios.17.serialNumber`, `acpi.SSDT2.oemId` → `acpi.SSDT.oemId`). */
export function genericId(id: string): string {
  return id.replace(/^smbios\.(\d+)\[\d+\]/, 'smbios.$1').replace(/^acpi\.(.{4}?)\d+\./, 'acpi.$1.');
}

function ruleMatches(rule: PolicyRule, id: Identifier, host: HostIdentity): boolean {
  const m = rule.match;
  if (m.class && !m.class.includes(id.class)) return false;
  if (m.smbiosType && !(id.place.source === 'smbios' && m.smbiosType.includes(id.place.type))) return false;
  if (m.acpiSignature && !(id.place.source === 'acpi' && m.acpiSignature.includes(id.place.signature))) return false;
  if (m.field && !m.field.some((f) => f === id.id || f === genericId(id.id) || f === id.place.field)) return false;
  if (m.vendor !== undefined && !globMatch(m.vendor, host.vendor)) return false;
  if (m.model !== undefined && !globMatch(m.model, host.model)) return false;
  if (m.placeholder !== undefined && m.placeholder !== id.placeholder) return false;
  return true;
}

/**
 * The policy's verdict on one identifier: the first rule that matches and applies wins. A rule
 * applies to identifiers that reach the guest, or may (reach `unknown`: with no guest given the
 * audit reports what could leak), unless it says `when: always`. With no rule, an identifier that
 * reaches (or may) gets `policy.default` (`warn`); one that does not is allowed.
 */
export function evaluatePolicy(policy: Policy, id: Identifier, host: HostIdentity): Verdict {
  const reaches = id.reach.reaches !== false;
  const k = policy.rules.findIndex((r) => (reaches || r.when === 'always') && ruleMatches(r, id, host));
  const rule = policy.rules[k];
  if (rule) return { identifierId: id.id, action: rule.action, rule: k, violation: rule.action === 'fail', ...(rule.reason !== undefined && { reason: rule.reason }) };
  if (!reaches) return { identifierId: id.id, action: 'allow', rule: 'not-reaching', violation: false };
  const action = policy.default ?? 'warn';
  return { identifierId: id.id, action, rule: 'default', violation: action === 'fail' };
}

// ---- validation ----

const fail = badField;

function object(v: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'an object', v);
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`${path}.${k}`, `no other member than ${keys.join(', ')}`, k);
  return o;
}

function oneOf<T extends string>(values: readonly T[], v: unknown, path: string): T {
  return values.includes(v as T) ? (v as T) : fail(path, `one of ${values.join(', ')}`, v);
}

function list<T>(v: unknown, path: string, item: (x: unknown, p: string) => T): T[] {
  if (!Array.isArray(v) || v.length === 0) fail(path, 'a non-empty array', v);
  return (v as unknown[]).map((x, i) => item(x, `${path}[${i}]`));
}

function text(v: unknown, path: string): string {
  return typeof v === 'string' && v.length > 0 ? v : fail(path, 'a non-empty string', v);
}

const SIGNATURE = /^[A-Z0-9_!]{4}$/;

function validateMatch(v: unknown, path: string): PolicyRule['match'] {
  const o = object(v, path, ['class', 'smbiosType', 'acpiSignature', 'field', 'vendor', 'model', 'placeholder']);
  const m: { -readonly [K in keyof PolicyRule['match']]: PolicyRule['match'][K] } = {};
  if (o['class'] !== undefined) m.class = list(o['class'], `${path}.class`, (x, p) => oneOf(IDENTIFIER_CLASSES, x, p));
  if (o['smbiosType'] !== undefined) {
    m.smbiosType = list(o['smbiosType'], `${path}.smbiosType`, (x, p) => (typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 255 ? x : fail(p, 'a whole number 0..255', x)));
  }
  if (o['acpiSignature'] !== undefined) {
    m.acpiSignature = list(o['acpiSignature'], `${path}.acpiSignature`, (x, p) => (typeof x === 'string' && SIGNATURE.test(x) ? x : fail(p, 'a 4-character table signature such as "MSDM"', x)));
  }
  if (o['field'] !== undefined) m.field = list(o['field'], `${path}.field`, text);
  if (o['vendor'] !== undefined) m.vendor = text(o['vendor'], `${path}.vendor`);
  if (o['model'] !== undefined) m.model = text(o['model'], `${path}.model`);
  if (o['placeholder'] !== undefined) m.placeholder = typeof o['placeholder'] === 'boolean' ? o['placeholder'] : fail(`${path}.placeholder`, 'true or false', o['placeholder']);
  return m;
}

function validateRule(v: unknown, path: string): PolicyRule {
  const o = object(v, path, ['match', 'action', 'when', 'reason']);
  if (o['match'] === undefined) fail(`${path}.match`, 'an object (use {} to match every identifier)', undefined);
  if (o['action'] === undefined) fail(`${path}.action`, `one of ${POLICY_ACTIONS.join(', ')}`, undefined);
  const rule: PolicyRule = { match: validateMatch(o['match'], `${path}.match`), action: oneOf(POLICY_ACTIONS, o['action'], `${path}.action`) };
  if (o['when'] !== undefined) rule.when = oneOf(['reaches-guest', 'always'] as const, o['when'], `${path}.when`);
  if (o['reason'] !== undefined) rule.reason = text(o['reason'], `${path}.reason`);
  return rule;
}

/**
 * Checks a parsed policy document (from JSON or YAML) and returns it as a {@link Policy}. A wrong
 * member is a `BAD_VALUE` FormatError whose `path` names it (`policy.rules[2].match.class[0]`).
 */
export function validatePolicy(value: unknown): Policy {
  const o = object(value, 'policy', ['$schema', 'version', 'rules', 'default']);
  if (o['version'] !== 1) fail('policy.version', '1', o['version']);
  if (o['rules'] === undefined) fail('policy.rules', 'an array of rules', undefined);
  if (!Array.isArray(o['rules'])) fail('policy.rules', 'an array of rules', o['rules']);
  const rules = (o['rules'] as unknown[]).map((r, i) => validateRule(r, `policy.rules[${i}]`));
  return { version: 1, rules, ...(o['default'] !== undefined && { default: oneOf(POLICY_ACTIONS, o['default'], 'policy.default') }) };
}

/** Parses and checks a JSON policy; a syntax error names its line and column. */
export function parsePolicyJson(text: string): Policy {
  return validatePolicy(parseJsonText(text, 'policy file', 'policy'));
}
