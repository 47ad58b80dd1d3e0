// xl.cfg settings for a guest (xen.md §6, docs/man/xl.cfg.5.pod.in) and a merge into a user's
// existing xl.cfg that rewrites only the settings hvmpack owns. The syntax is libxlutil's
// (tools/libs/util/libxlu_cfg_l.l, libxlu_cfg_y.y), checked against the real parser in tests.
import { ErrorCode, FormatError, finding, type Finding } from '@hvmpack/bytes';
import { atLeast, type Guest } from '@hvmpack/guest';
import { DEFAULT_VIDEO_MIB } from '@hvmpack/layout';
import { biosStringEntries } from './xenstore.js';

/** A setting's value: a string (quoted), a number (bare) or a list of strings. */
export type XlValue = string | number | readonly string[];

/** One `key = value` line. */
export interface XlSetting {
  key: string;
  value: XlValue;
}

/** What {@link xlCfgSettings} builds settings from. */
export interface XlCfgInput {
  guest: Guest;
  /** Path written as `smbios_firmware=`. */
  smbiosFirmware?: string;
  /** Path written as `acpi_firmware=`. */
  acpiFirmware?: string;
  /** xl `videoram=` in MiB; written only when given. xl memory = guest RAM + video RAM (default 8, cirrus). */
  videoMiB?: number;
  /** The SMBIOS blob, so bios-strings a passed structure overrides are reported. */
  smbiosBlob?: Uint8Array;
}

// libxl's default video RAM is the planner's too: one constant, re-exported for toolstack users.
export { DEFAULT_VIDEO_MIB };

const flag = (b: boolean): number => (b ? 1 : 0);

/**
 * The settings hvmpack owns for a guest, in the order written: firmware, size, ACPI switches, the
 * blobs, and `smbios=` (xl 4.18+: `bios_vendor=…` items, OEM strings as repeated `oem=`).
 */
export function xlCfgSettings(input: XlCfgInput): { settings: XlSetting[]; findings: Finding[] } {
  const { guest } = input;
  const findings: Finding[] = [];
  const video = input.videoMiB ?? DEFAULT_VIDEO_MIB;
  const settings: XlSetting[] = [
    { key: 'bios', value: guest.firmware },
    // libxl__build_hvm gives hvmloader memory minus video RAM; Guest.memoryMiB is what hvmloader sees.
    { key: 'memory', value: guest.memoryMiB + video },
  ];
  if (input.videoMiB !== undefined) settings.push({ key: 'videoram', value: input.videoMiB });
  settings.push(
    { key: 'vcpus', value: guest.vcpus },
    { key: 'acpi', value: flag(guest.acpi) },
    { key: 'acpi_s3', value: flag(guest.acpiS3) },
    { key: 'acpi_s4', value: flag(guest.acpiS4) },
    { key: 'acpi_laptop_slate', value: flag(guest.laptopSlate) },
    { key: 'apic', value: flag(guest.apicMode) },
    { key: 'hpet', value: flag(guest.hpet) },
  );
  if (input.acpiFirmware !== undefined) settings.push({ key: 'acpi_firmware', value: input.acpiFirmware });
  if (input.smbiosFirmware !== undefined) settings.push({ key: 'smbios_firmware', value: input.smbiosFirmware });
  const strings = biosStringEntries(guest, input.smbiosBlob, findings);
  if (strings.length > 0) {
    if (atLeast(guest.xen, 4, 18)) {
      // xl_parse.c: the key is libxl_smbios_type's name (underscores), OEM strings are `oem=`
      // items numbered by libxl in list order.
      const items = strings.map((e) => {
        const key = e.path.slice('bios-strings/'.length);
        return `${key.startsWith('oem-') ? 'oem' : key.replace(/-/g, '_')}=${e.value}`;
      });
      settings.push({ key: 'smbios', value: items });
    } else {
      findings.push(finding('XLCFG_NO_SMBIOS_OPTION', 'info', 'xl before 4.18 has no smbios= option: write the bios-strings keys with xenstore.sh between `xl create -p` and `xl unpause`', { path: 'xlcfg.smbios' }));
    }
  }
  if (guest.defaultBattery || guest.tpm !== 0) {
    findings.push(finding('XLCFG_XENSTORE_ONLY', 'info', 'xl has no option for hvmloader/smbios/default_battery or platform/tpm_version: xenstore.sh writes them', { path: 'xlcfg' }));
  }
  return { settings, findings };
}

const XL_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\f': '\\f', '\b': '\\b', '\x07': '\\a' };

/**
 * A string as an xl.cfg double-quoted string. libxlutil takes `\\ \" \n \r \t \v \f \b \a`; its
 * numeric escapes are unusable (Xen 4.17 rejects `\x41` and reads `\101` as an empty string), and
 * it takes other control bytes raw. NUL cannot be written at all.
 */
export function quoteXlString(s: string): string {
  if (s.includes('\0')) throw new FormatError(ErrorCode.BadValue, 'an xl.cfg string cannot hold a NUL byte', { path: 'xlcfg', found: JSON.stringify(s) });
  let out = '"';
  for (const ch of s) out += XL_ESCAPES[ch] ?? ch;
  return out + '"';
}

function formatValue(v: XlValue): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return quoteXlString(v);
  return `[ ${v.map(quoteXlString).join(', ')} ]`;
}

/** One `key = value` line (no newline). */
export function formatXlSetting(s: XlSetting): string {
  return `${s.key} = ${formatValue(s.value)}`;
}

/** The settings as an xl.cfg fragment, one per line, under a comment naming their origin. */
export function formatXlCfg(settings: readonly XlSetting[], comment = 'hvmpack: settings hvmpack owns; `hvmpack xl-cfg --merge` rewrites only these'): string {
  return [`# ${comment.replace(/\n/g, ' ')}`, ...settings.map(formatXlSetting)].join('\n') + '\n';
}

/** One statement of an xl.cfg file: `key = value` or `key += value`, with its character span. */
export interface XlStatement {
  key: string;
  op: '=' | '+=';
  /** Offset of the key's first character. */
  start: number;
  /** Offset just past the value. */
  end: number;
  /** 1-based line of the key. */
  line: number;
}

type TokenKind = 'id' | 'num' | 'str' | '=' | '+=' | '[' | ']' | ',' | ';' | 'nl' | 'eof';
interface Token {
  kind: TokenKind;
  start: number;
  end: number;
}

/** libxlutil's lexer, reduced to what statement spans need. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const fail = (why: string): never => {
    throw new FormatError(ErrorCode.BadValue, `xl.cfg: ${why}`, { path: 'xlcfg', line, column: i - lineStart + 1 });
  };
  const patterns: [TokenKind, RegExp][] = [
    ['str', /"(?:[^"\\\n]|\\[^\n])*"|'(?:[^'\\\n]|\\[^\n])*'/y],
    ['id', /[a-z][._0-9a-z]*/y],
    ['num', /[0-9][0-9a-fA-FxX]*/y],
  ];
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      // libxlutil's lexer takes a comment only up to a newline: one ending the file is an error.
      if (i === text.length) fail('a comment at the end of the file needs a newline after it');
      continue;
    }
    if (c === '\n') {
      tokens.push({ kind: 'nl', start: i, end: i + 1 });
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === '+' && text[i + 1] === '=') {
      tokens.push({ kind: '+=', start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if ('=[],;'.includes(c)) {
      tokens.push({ kind: c as TokenKind, start: i, end: i + 1 });
      i++;
      continue;
    }
    let matched = false;
    for (const [kind, re] of patterns) {
      re.lastIndex = i;
      const m = re.exec(text);
      if (m) {
        tokens.push({ kind, start: i, end: i + m[0].length });
        i += m[0].length;
        matched = true;
        break;
      }
    }
    if (!matched) fail(c === '"' || c === "'" ? 'unterminated string' : `unexpected character ${JSON.stringify(c)}`);
  }
  tokens.push({ kind: 'eof', start: text.length, end: text.length });
  return tokens;
}

/**
 * The statements of an xl.cfg text, in order, with their spans. Raises FormatError (with line
 * and column) on text libxlutil would not parse either.
 */
export function parseXlCfg(text: string): XlStatement[] {
  const tokens = tokenize(text);
  const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
  const out: XlStatement[] = [];
  let k = 0;
  const fail = (t: Token, why: string): never => {
    const line = lineOf(t.start);
    throw new FormatError(ErrorCode.BadValue, `xl.cfg: ${why}`, { path: 'xlcfg', line, column: t.start - text.lastIndexOf('\n', t.start - 1) });
  };
  const next = (): Token => tokens[k++]!;
  const peek = (): Token => tokens[k]!;
  const value = (): Token => {
    const t = next();
    if (t.kind === 'str' || t.kind === 'num') return t;
    if (t.kind !== '[') return fail(t, 'expected a string, a number or a list');
    // Lists may span lines and nest; items are separated by commas, a trailing one allowed.
    for (;;) {
      while (peek().kind === 'nl') next();
      if (peek().kind === ']') return next();
      value();
      while (peek().kind === 'nl') next();
      const sep = next();
      if (sep.kind === ']') return sep;
      if (sep.kind !== ',') fail(sep, 'expected , or ] in a list');
    }
  };
  for (;;) {
    const t = next();
    if (t.kind === 'eof') return out;
    if (t.kind === 'nl' || t.kind === ';') continue;
    if (t.kind !== 'id') fail(t, 'expected a setting name');
    const op = next();
    if (op.kind !== '=' && op.kind !== '+=') fail(op, 'expected = or += after the setting name');
    const end = value().end;
    out.push({ key: text.slice(t.start, t.end), op: op.kind as '=' | '+=', start: t.start, end, line: lineOf(t.start) });
    const after = peek();
    if (after.kind !== 'nl' && after.kind !== ';' && after.kind !== 'eof') fail(after, 'expected the end of the setting');
  }
}

/** What {@link mergeXlCfg} did. */
export interface XlMerge {
  text: string;
  /** Owned keys whose existing setting was rewritten in place. */
  replaced: string[];
  /** Owned keys appended at the end. */
  added: string[];
  /** `key += …` lines of owned keys, turned into comments (they would append to hvmpack's value). */
  disabled: string[];
}

/**
 * Merges `settings` into an existing xl.cfg: each owned key's last `=` (the one xl uses) is
 * rewritten in place, later `+=` of owned keys are commented out (they must stand on their own
 * lines), missing keys are appended under a comment; every other byte of the text is kept.
 */
export function mergeXlCfg(existing: string, settings: readonly XlSetting[]): XlMerge {
  const statements = parseXlCfg(existing);
  const owned = new Map(settings.map((s) => [s.key, s]));
  const edits: { start: number; end: number; text: string }[] = [];
  const replaced: string[] = [];
  const disabled: string[] = [];
  for (const [key, s] of owned) {
    const mine = statements.filter((st) => st.key === key);
    const lastAssign = mine.filter((st) => st.op === '=').at(-1);
    if (lastAssign) {
      edits.push({ start: lastAssign.start, end: lastAssign.end, text: formatXlSetting(s) });
      replaced.push(key);
    }
    for (const st of mine) {
      if (st.op !== '+=' || (lastAssign && st.start < lastAssign.start)) continue;
      const lineStart = existing.lastIndexOf('\n', st.start - 1) + 1;
      const nl = existing.indexOf('\n', st.end);
      const lineEnd = nl < 0 ? existing.length : nl;
      const others = statements.some((o) => o !== st && o.end > lineStart && o.start < lineEnd);
      if (others || existing.slice(lineStart, st.start).trim() !== '') {
        throw new FormatError(ErrorCode.BadValue, `xl.cfg: cannot merge: "${key} +=" shares its line with other settings`, { path: 'xlcfg', line: st.line });
      }
      const block = existing.slice(lineStart, lineEnd);
      edits.push({ start: lineStart, end: lineEnd, text: block.split('\n').map((l) => `# hvmpack: ${l}`).join('\n') });
      disabled.push(key);
    }
  }
  let text = existing;
  for (const e of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  const added = settings.filter((s) => !replaced.includes(s.key));
  if (added.length > 0) {
    if (text !== '' && !text.endsWith('\n')) text += '\n';
    text += formatXlCfg(added, 'hvmpack: settings added by `hvmpack xl-cfg --merge`');
  }
  return { text, replaced, added: added.map((s) => s.key), disabled };
}
