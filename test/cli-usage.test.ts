// Issue 11 item 1: a usage error runs nothing. Every command the CLI has (read from its command
// tree, so a new one cannot be forgotten) is run with a wrong flag, a wrong choice, a missing
// argument and an extra argument: each is exit 2, one line on stderr, nothing on stdout and
// nothing written anywhere in the working folder.
import { readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExampleHost } from '@hvmpack/host';
import { commandShape, loadCommandTree, type CommandLeaf } from '../packages/cli/src/tree.js';
import { runHvmpack } from './support/cli.js';
import { tempDir } from './support/tools.js';

const work = tempDir('usage');
const inputs = path.join(work, 'in');
mkdirSync(inputs);
const host = buildExampleHost();
const hostSmbios = path.join(inputs, 'host.bin');
const hostAcpi = path.join(inputs, 'host.txt');
const blob = path.join(inputs, 'smbios-blob.bin');
writeFileSync(hostSmbios, host.smbiosDumpBin);
writeFileSync(hostAcpi, host.acpidumpText);

/** Every file and folder under `dir`, with sizes and times, so any write shows. */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((n) => {
      const st = statSync(path.join(dir, n));
      return `${n} ${st.size} ${st.mtimeMs} ${st.ino}`;
    });
}

/**
 * Values that make each command's required arguments valid, by argument name (the group word
 * picks SMBIOS or ACPI host data). A new command whose argument has no value here fails the test
 * below, which names it, instead of being skipped.
 */
function sample(words: readonly string[], name: string, out: string): string | undefined {
  const acpi = words.includes('acpi');
  const values: Record<string, string> = {
    input: acpi ? hostAcpi : hostSmbios,
    keyword: 'system-uuid',
    table: 'FACP',
    file: words[0] === 'check' ? blob : hostSmbios,
    output: out,
  };
  return values[name];
}

/** Arguments a command needs beyond its required ones to run at all (each one writes, where it can). */
function extras(words: readonly string[], out: string): string[] {
  const key = words.join(' ');
  if (key === 'demo') return ['--out', out];
  if (key === 'guest-view') return ['--smbios', blob, '--dump-bin', out];
  if (key === 'plan') return ['--example', '--svg', out];
  if (key === 'pack modules') return ['--smbios', blob];
  if (key === 'smbios decode') return [hostSmbios];
  if (key === 'prepare') return [hostSmbios];
  if (key === 'qemu prepare') return [hostSmbios];
  if (key === 'qemu guest-view') return ['--smbios', hostSmbios];
  return [];
}

interface Variant {
  what: string;
  argv: string[];
}

function variants(leaf: CommandLeaf, out: string): { base: string[]; cases: Variant[] } {
  const shape = commandShape(leaf.spec);
  const required: string[] = [];
  const lacking: string[] = [];
  const missing: string[][] = [];
  // Optional positionals get a value too (`acpi list [input]` would otherwise read this machine).
  for (const p of shape.positionals.filter((x) => !x.variadic)) {
    const v = sample(leaf.words, p.name, out);
    if (v === undefined) {
      if (p.required) lacking.push(p.name);
      continue;
    }
    // The argument vector without this one positional.
    if (p.required) missing.push([...leaf.words, ...required]);
    required.push(v);
  }
  const opts: string[] = [];
  for (const o of shape.options.filter((x) => x.required)) {
    const v = sample(leaf.words, o.name, out);
    if (v === undefined) lacking.push(`--${o.name}`);
    else opts.push(`--${o.name}`, v);
  }
  expect(lacking, `${leaf.words.join(' ')}: give a sample value for ${lacking.join(', ')}`).toEqual([]);
  const base = [...leaf.words, ...required, ...opts, ...extras(leaf.words, out)];
  const cases: Variant[] = [{ what: 'a wrong flag', argv: [...base, '--no-such-flag'] }];
  const choice = shape.options.find((o) => o.choices);
  if (choice) cases.push({ what: `a wrong --${choice.name}`, argv: [...base, `--${choice.name}`, 'not-a-choice'] });
  // A missing required positional: the words up to it, then the options.
  for (const m of missing) cases.push({ what: 'a missing argument', argv: [...m.slice(0, leaf.words.length), ...m.slice(leaf.words.length), ...opts] });
  if (opts.length > 0) cases.push({ what: 'a missing required option', argv: [...leaf.words, ...required] });
  if (!shape.positionals.some((p) => p.variadic)) cases.push({ what: 'an extra argument', argv: [...base, 'extra-argument'] });
  return { base, cases };
}

let leaves: CommandLeaf[] = [];
const cwd = process.cwd();
beforeAll(async () => {
  leaves = await loadCommandTree();
  const r = await runHvmpack(['pack', 'smbios', hostSmbios, '-o', blob, '-q']);
  expect(r.code, r.stderr).toBe(0);
  // Commands that default to a relative path (demo's out/demo) would write here if they ran.
  process.chdir(work);
});
afterAll(() => process.chdir(cwd));

describe('a usage error runs nothing', () => {
  it('the command tree holds every command, each with an example in its help', async () => {
    const names = leaves.map((l) => l.words.join(' '));
    for (const n of ['smbios decode', 'smbios get', 'acpi extract', 'pack smbios', 'pack acpi', 'plan', 'demo', 'completion']) expect(names).toContain(n);
    for (const l of leaves) {
      expect(l.spec.examples.length, l.words.join(' ')).toBeGreaterThan(0);
      const help = await runHvmpack([...l.words, '--help']);
      expect(help.stdout, l.words.join(' ')).toContain('Examples:');
    }
    // Groups (`hvmpack smbios --help`) and the top level show examples too.
    for (const words of [[], ...new Set(leaves.filter((l) => l.words.length > 1).map((l) => l.words[0]!))].map((w) => (typeof w === 'string' ? [w] : w))) {
      const help = await runHvmpack([...words, '--help']);
      expect(help.code, words.join(' ')).toBe(0);
      expect(help.stdout, words.join(' ')).toContain('Examples:');
    }
  });

  it('every command, refused for a wrong flag, choice, missing or extra argument: exit 2, one line, nothing run or written', async () => {
    let checked = 0;
    for (const [i, leaf] of leaves.entries()) {
      const out = path.join(work, `out-${i}`);
      const { base, cases } = variants(leaf, out);
      for (const c of cases) {
        const before = listing(work);
        const r = await runHvmpack(c.argv);
        const label = `${leaf.words.join(' ')} with ${c.what}: hvmpack ${c.argv.join(' ')}`;
        expect(r.code, label).toBe(2);
        expect(r.stderr, label).toMatch(/^hvmpack: [^\n]+\n$/);
        expect(r.stdout, label).toBe('');
        expect(listing(work), label).toEqual(before);
        checked++;
      }
      // The same line without the mistake runs (and writes, where the command writes), so the
      // refusals above are the usage error's doing.
      const ok = await runHvmpack(base);
      expect([0, 1], `${leaf.words.join(' ')}: hvmpack ${base.join(' ')}\n${ok.stderr}`).toContain(ok.code);
      if (base.includes(out)) expect(readdirSync(work), base.join(' ')).toContain(path.basename(out));
    }
    expect(checked).toBeGreaterThan(leaves.length * 2);
  });

  it.each([
    [['pack', 'acpi', 'HOST', '-o', 'OUT', '--firmware', 'ovfm'], /Choices: "seabios", "ovmf", "rombios"/],
    [['smbios', 'decod', 'HOST'], /did you mean "hvmpack smbios decode"/],
    [['smbio', 'decode', 'HOST'], /did you mean "hvmpack smbios"/],
    [['pakc', 'smbios'], /did you mean "hvmpack pack"/],
    // yargs reads a lone - as an empty flag; it crosses the parser disguised and comes out as -.
    [['acpi', 'show', 'HOST', 'FACP', '-'], /Unknown argument: -$/m],
  ])('the one line keeps what helps: %j', async (argv, want) => {
    const r = await runHvmpack(argv.map((a) => (a === 'HOST' ? hostAcpi : a === 'OUT' ? path.join(work, 'never') : a)));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(want);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
