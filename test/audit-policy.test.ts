// The policy validator and schemas/policy.schema.json say the same thing: each fixture is accepted
// by both or refused by both, and a refusal names the member. Then what the verdicts are.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { isFormatError } from '@hvmpack/bytes';
import { DEFAULT_POLICY, evaluatePolicy, parsePolicyJson, validatePolicy, type Identifier, type Policy } from '@hvmpack/audit';
import { repoRoot } from './support/env.js';

const schema = JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'policy.schema.json'), 'utf8')) as object;
const ajv = new Ajv2020({ strict: true, allErrors: true });
const bySchema = ajv.compile(schema);

const VALID: [string, unknown][] = [
  ['no rules', { version: 1, rules: [] }],
  ['the built-in policy', DEFAULT_POLICY],
  ['every matcher', { $schema: 'https://hvmpack.invalid/schemas/policy.schema.json', version: 1, default: 'allow', rules: [{ match: { class: ['serial'], smbiosType: [1, 255], acpiSignature: ['MSDM', 'ASF!'], field: ['smbios.1.serialNumber'], vendor: 'Dell*', model: '*', placeholder: false }, action: 'fail', when: 'always', reason: 'no' }] }],
  ['an empty match', { version: 1, rules: [{ match: {}, action: 'warn' }] }],
];

const INVALID: [string, unknown, string][] = [
  ['not an object', [], 'policy'],
  ['no version', { rules: [] }, 'policy.version'],
  ['version 2', { version: 2, rules: [] }, 'policy.version'],
  ['no rules', { version: 1 }, 'policy.rules'],
  ['rules not a list', { version: 1, rules: {} }, 'policy.rules'],
  ['an unknown member', { version: 1, rules: [], extra: 1 }, 'policy.extra'],
  ['a bad default', { version: 1, rules: [], default: 'deny' }, 'policy.default'],
  ['a rule without action', { version: 1, rules: [{ match: {} }] }, 'policy.rules[0].action'],
  ['a rule without match', { version: 1, rules: [{ action: 'fail' }] }, 'policy.rules[0].match'],
  ['an unknown action', { version: 1, rules: [{ match: {}, action: 'block' }] }, 'policy.rules[0].action'],
  ['an unknown class', { version: 1, rules: [{ match: { class: ['serial', 'ssn'] }, action: 'fail' }] }, 'policy.rules[0].match.class[1]'],
  ['an empty class list', { version: 1, rules: [{ match: { class: [] }, action: 'fail' }] }, 'policy.rules[0].match.class'],
  ['a type past 255', { version: 1, rules: [{ match: { smbiosType: [256] }, action: 'fail' }] }, 'policy.rules[0].match.smbiosType[0]'],
  ['a type as text', { version: 1, rules: [{ match: { smbiosType: ['1'] }, action: 'fail' }] }, 'policy.rules[0].match.smbiosType[0]'],
  ['a lower-case signature', { version: 1, rules: [{ match: { acpiSignature: ['msdm'] }, action: 'fail' }] }, 'policy.rules[0].match.acpiSignature[0]'],
  ['an empty vendor', { version: 1, rules: [{ match: { vendor: '' }, action: 'fail' }] }, 'policy.rules[0].match.vendor'],
  ['placeholder as text', { version: 1, rules: [{ match: { placeholder: 'yes' }, action: 'allow' }] }, 'policy.rules[0].match.placeholder'],
  ['an unknown matcher', { version: 1, rules: [{ match: { serial: true }, action: 'fail' }] }, 'policy.rules[0].match.serial'],
  ['a bad when', { version: 1, rules: [{ match: {}, action: 'fail', when: 'never' }] }, 'policy.rules[1 - 1].when'.replace('1 - 1', '0')],
];

describe('policy validator ≡ schemas/policy.schema.json', () => {
  it.each(VALID)('both accept %s', (_name, value) => {
    expect(bySchema(value), ajv.errorsText(bySchema.errors)).toBe(true);
    expect(validatePolicy(value)).toMatchObject({ version: 1 });
  });

  it.each(INVALID)('both refuse %s, naming %s', (_name, value, where) => {
    expect(bySchema(value)).toBe(false);
    let err: unknown;
    try {
      validatePolicy(value);
    } catch (e) {
      err = e;
    }
    expect(isFormatError(err)).toBe(true);
    expect((err as { code: string; path: string }).code).toBe('BAD_VALUE');
    expect((err as { path: string }).path).toBe(where);
  });

  it('names the line and column of a JSON syntax error', () => {
    try {
      parsePolicyJson('{\n  "version": 1,\n  "rules": []\n  "default": "warn"\n}');
      expect.unreachable();
    } catch (e) {
      expect(isFormatError(e)).toBe(true);
      expect([(e as { line: number }).line, (e as { column: number }).column]).toEqual([4, 3]);
    }
  });
});

function id(over: Partial<Identifier> & Pick<Identifier, 'class'>): Identifier {
  return {
    id: 'smbios.1.serialNumber', severity: 'high', value: 'X', bytes: new Uint8Array(1), placeholder: false,
    place: { source: 'smbios', structureIndex: 0, type: 1, handle: 1, field: 'serialNumber', offset: 7, stringNumber: 1, structureOffset: 0, valueOffset: 27, length: 1 },
    reach: { reaches: true, target: 'xen', how: 'passed' },
    ...over,
  };
}

const HOST = { vendor: 'Dell Inc.', model: 'PowerEdge R630' };
const NOT = { reaches: false, target: 'xen', why: 'dropped' } as const;
const UNKNOWN = { reaches: 'unknown', why: 'no guest given' } as const;

describe('evaluatePolicy', () => {
  it.each<[string, Policy, Identifier, string, number | string]>([
    ['a serial reaching the guest fails by default', DEFAULT_POLICY, id({ class: 'serial' }), 'fail', 1],
    ['a serial that may reach (no guest) fails by default', DEFAULT_POLICY, id({ class: 'serial', reach: UNKNOWN }), 'fail', 1],
    ['a serial that does not reach is allowed', DEFAULT_POLICY, id({ class: 'serial', reach: NOT }), 'allow', 'not-reaching'],
    ['a placeholder serial is allowed', DEFAULT_POLICY, id({ class: 'serial', placeholder: true }), 'allow', 0],
    ['an asset tag reaching is to redact', DEFAULT_POLICY, id({ class: 'asset-tag' }), 'redact', 2],
    ['an OEM ID reaching is a warning', DEFAULT_POLICY, id({ class: 'oem-id' }), 'warn', 3],
    ['a vendor glob matches', { version: 1, rules: [{ match: { vendor: 'dell*', class: ['serial'] }, action: 'allow' }] }, id({ class: 'serial' }), 'allow', 0],
    ['a model glob that does not match falls to the default', { version: 1, rules: [{ match: { model: 'OptiPlex*' }, action: 'allow' }], default: 'fail' }, id({ class: 'serial' }), 'fail', 'default'],
    ['field matches the id without its instance', { version: 1, rules: [{ match: { field: ['smbios.17.serialNumber'] }, action: 'fail' }] }, id({ class: 'serial', id: 'smbios.17[3].serialNumber' }), 'fail', 0],
    ['an always rule applies to what does not reach', { version: 1, rules: [{ match: { class: ['product-key'] }, action: 'fail', when: 'always' }] }, id({ class: 'product-key', reach: NOT }), 'fail', 0],
  ])('%s', (_name, policy, identifier, action, rule) => {
    const v = evaluatePolicy(policy, identifier, HOST);
    expect([v.action, v.rule, v.violation]).toEqual([action, rule, action === 'fail']);
  });
});
