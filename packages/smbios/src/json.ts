// The JSON document `hvmpack smbios decode --json` prints for one input. It lives in the library
// so the CLI and the benchmark build exactly the same document.
import { ByteReader, findingJson, type Finding } from '@hvmpack/bytes';
import { formatVersion } from './entry-point.js';
import { withStructures } from './containers.js';
import type { IndexedSmbios, RawStructure, SmbiosTable, SmbiosVersion } from './model.js';
import { ascii, constantText, JsonWriter, putText, putUint, utf8Bytes, type ConstantText } from './json-writer.js';
import type { SmbiosScratch } from './scratch.js';
import { structureFromIndex, type StructureIndex } from './table.js';
import { decodeTyped, fieldsForJson, typedName } from './typed.js';
import { writeIndexedFields, writeTypedJson } from './typed-json.js';

/**
 * The decode document for one input: container, version, entry point kind, table place, every
 * structure (only `types` when given) with its typed fields, and the findings of the table and of
 * the typed decode. `input` is the name the user gave.
 */
export function smbiosJsonDocument(input: string, t: SmbiosTable, types?: ReadonlySet<number>): Record<string, unknown> {
  const findings: Record<string, unknown>[] = [];
  for (const f of t.findings) findings.push(findingJson(f));
  const structures = [];
  for (const s of t.structures) {
    if (types && !types.has(s.type)) continue;
    const typed = decodeTyped(s, t.version);
    for (const f of typed.findings) findings.push(findingJson(f));
    structures.push({ type: s.type, handle: s.handle, length: s.length, offset: s.offset, name: typed.name, strings: s.strings, fields: fieldsForJson(typed) });
  }
  const doc: Record<string, unknown> = { input, container: t.container, version: t.version ? formatVersion(t.version) : null };
  if (t.entryPoint) doc.entryPoint = t.entryPoint.kind;
  doc.tableOffset = t.source?.tableOffset ?? 0;
  doc.tableLength = t.table.length;
  doc.structures = structures;
  doc.findings = findings;
  return doc;
}

/**
 * `JSON.stringify(smbiosJsonDocument(input, t, types))`, byte for byte, written directly from the
 * decoded table. It exists for batches (`smbios decode --json` over many files): building the
 * typed field objects and then serialising them was most of a 1,000-dump batch (JSON.stringify
 * alone about half); writing the text from the offset tables (as UTF-8 bytes, decoded once)
 * skips both steps. Findings and the few fields outside the offset tables still go through
 * JSON.stringify. test/smbios-json-text.test.ts compares the two forms on every corpus file and
 * on crafted strings. Compact form only (the CLI pretty-prints a single input).
 */
export function smbiosJsonText(input: string, t: SmbiosTable | IndexedSmbios, types?: ReadonlySet<number>, scratch?: SmbiosScratch): string {
  const w = writeDocument(input, t, types, bufferFor(t, scratch));
  if (w === undefined) return JSON.stringify(smbiosJsonDocument(input, 'index' in t ? withStructures(t) : t, types));
  return finish(w, w.text(), scratch);
}

/**
 * {@link smbiosJsonText} as UTF-8 bytes (a copy the caller owns), for writing straight to a file or
 * stream without making a string first.
 */
export function smbiosJsonBytes(input: string, t: SmbiosTable | IndexedSmbios, types?: ReadonlySet<number>, scratch?: SmbiosScratch): Uint8Array {
  const w = writeDocument(input, t, types, bufferFor(t, scratch));
  if (w === undefined) return utf8Bytes(smbiosJsonText(input, t, types));
  return finish(w, w.copy(), scratch);
}

/**
 * Many documents as UTF-8 bytes, written back to back into large shared blocks: each {@link add}
 * returns its document as a view into a block, so a batch makes one allocation per block instead
 * of one per document (a 25 KiB allocation and copy per document was a tenth of a 1,000-dump
 * batch). A view, once returned, is never written over; later documents go after it.
 * {@link buffers} lists the blocks, for handing a whole chunk of documents to another thread:
 * transfer them once, after the last {@link add}.
 */
export class SmbiosJsonBlocks {
  private block: Uint8Array;
  private used = 0;
  private readonly all: ArrayBuffer[] = [];
  private readonly blockSize: number;

  /** `blockSize`: bytes per block (a document larger than that gets a block of its own size). */
  constructor(blockSize = 1 << 20) {
    this.blockSize = blockSize;
    this.block = this.newBlock(0);
  }

  /** Appends the document {@link smbiosJsonBytes} makes for this input; returns it (a view into a block). */
  add(input: string, t: SmbiosTable | IndexedSmbios, types?: ReadonlySet<number>): Uint8Array {
    // Room for a document of about this table's size (JSON runs ~7x the table bytes): a new block
    // when the current one is short of it. Should a document outgrow that anyway, the writer
    // moves to a bigger buffer, which then becomes the current block.
    const want = Math.min(16 * t.table.length + 4096, MAX_BLOCK_RESERVE);
    if (this.block.length - this.used < want) {
      this.block = this.newBlock(want);
      this.used = 0;
    }
    const w = writeDocument(input, t, types, this.block, this.used);
    if (w === undefined) {
      const bytes = utf8Bytes(smbiosJsonText(input, t, types));
      this.all.push(bytes.buffer as ArrayBuffer);
      return bytes;
    }
    if (w.buffer !== this.block) {
      this.block = w.buffer;
      this.all.push(this.block.buffer as ArrayBuffer);
    }
    const out = this.block.subarray(this.used, w.length);
    this.used = w.length;
    return out;
  }

  /** Every block written to so far (each once). */
  get buffers(): ArrayBuffer[] {
    return this.all;
  }

  private newBlock(want: number): Uint8Array {
    const b = new Uint8Array(Math.max(this.blockSize, want));
    this.all.push(b.buffer);
    return b;
  }
}

// Room kept for one document at most: a larger one (a huge or hostile table) grows its own buffer.
const MAX_BLOCK_RESERVE = 4 << 20;

/** The buffer to write a document into: the caller's scratch, else one about the document's size. */
function bufferFor(t: SmbiosTable | IndexedSmbios, scratch: SmbiosScratch | undefined): Uint8Array {
  if (scratch) return (scratch.json ??= new Uint8Array(1 << 16));
  return new Uint8Array(Math.min(16 * t.table.length + 4096, MAX_BLOCK_RESERVE));
}

function finish<T>(w: JsonWriter, out: T, scratch: SmbiosScratch | undefined): T {
  // Keep a grown buffer for the caller's next document (trim drops one grown too far).
  if (scratch) {
    scratch.json = w.buffer;
    scratch.trim();
  }
  return out;
}

function writeDocument(input: string, t: SmbiosTable | IndexedSmbios, types: ReadonlySet<number> | undefined, into: Uint8Array, start = 0): JsonWriter | undefined {
  if (!JsonWriter.available) return undefined;
  const w = new JsonWriter(into, start);
  const findings: Finding[] = [...t.findings];
  w.bytes(K.input);
  w.str(input);
  w.bytes(K.container);
  w.str(t.container);
  w.bytes(K.version);
  w.str(t.version ? formatVersion(t.version) : null);
  if (t.entryPoint) {
    w.bytes(K.entryPoint);
    w.str(t.entryPoint.kind);
  }
  w.bytes(K.tableOffset);
  w.num(t.source?.tableOffset ?? 0);
  w.bytes(K.tableLength);
  w.num(t.table.length);
  w.bytes(K.structures);
  if ('index' in t) writeIndexedStructures(w, t.index, t.version, types, findings);
  else writeStructures(w, t.structures, t.version, types, findings);
  w.bytes(K.findings);
  w.raw(JSON.stringify(findings.map(findingJson)));
  w.bytes(K.close);
  return w;
}

function writeStructures(w: JsonWriter, structures: readonly RawStructure[], version: SmbiosVersion | null, types: ReadonlySet<number> | undefined, findings: Finding[]): void {
  let first = true;
  for (const s of structures) {
    if (types && !types.has(s.type)) continue;
    w.bytes(first ? K.type : K.nextType);
    first = false;
    w.num(s.type);
    w.bytes(K.handle);
    w.num(s.handle);
    w.bytes(K.length);
    w.num(s.length);
    w.bytes(K.offset);
    w.num(s.offset);
    w.bytes(nameMember(s.type).bytes);
    w.bytes(K.strings);
    for (let i = 0; i < s.strings.length; i++) {
      if (i > 0) w.bytes(K.comma);
      w.str(s.strings[i]!);
    }
    w.bytes(K.fields);
    for (const f of writeTypedJson(w, s, version)) findings.push(f);
    w.bytes(K.close);
  }
}

/**
 * {@link writeStructures} read straight from a structure index: numbers and strings come from the
 * table bytes, and a structure is made into a RawStructure only when its type needs one (types
 * whose JSON has computed members, type 34's length fix-up, a string number past the set).
 */
function writeIndexedStructures(w: JsonWriter, ix: StructureIndex, version: SmbiosVersion | null, types: ReadonlySet<number> | undefined, findings: Finding[]): void {
  const { table: b, starts, firstString, stringBounds } = ix;
  const r = new ByteReader(b, { base: ix.base, path: 'smbios.table' });
  let first = true;
  for (let i = 0; i < ix.count; i++) {
    const p = starts[i]!;
    const type = b[p]!;
    if (types && !types.has(type)) continue;
    const length = b[p + 1]!;
    // `{"type":T,"handle":` H `,"length":L,"offset":` O `,"name":"…","strings":[`: the text
    // around the handle and offset depends only on the type or the length, and is made once.
    const head = first ? typeHead(type) : nextTypeHead(type);
    const tail = nameAndStrings(type);
    const buf = w.reserve(48 + head.length + tail.length);
    const dv = w.view;
    first = false;
    let o = putText(dv, w.length, head);
    o = putUint(buf, o, r.u16At(p + 2));
    o = putText(dv, o, lengthAndOffset(length));
    o = putUint(buf, o, p);
    w.advance(putText(dv, o, tail));
    const s0 = firstString[i]!;
    const s1 = firstString[i + 1]!;
    for (let k = s0; k < s1; k++) {
      if (k > s0) w.bytes(K.comma);
      w.latin1(b, stringBounds[2 * k]!, stringBounds[2 * k + 1]!);
    }
    w.bytes(K.fields);
    // A set with as many strings as the cap may hold more than the index lists: the object path
    // reads the set's bytes again.
    const complete = s1 - s0 < ix.maxStrings;
    if (!(complete && writeIndexedFields(w, b, p, length, type, stringBounds, s0, s1))) {
      for (const f of writeTypedJson(w, structureFromIndex(ix, i), version)) findings.push(f);
    }
    w.bytes(K.close);
  }
}

// Constant pieces of a structure's members by type or length, made on first use (type names
// are ASCII).
const NAME_MEMBERS: ConstantText[] = [];
const TYPE_HEADS: ConstantText[] = [];
const NEXT_TYPE_HEADS: ConstantText[] = [];
const NAME_AND_STRINGS: ConstantText[] = [];
const LENGTH_AND_OFFSET: ConstantText[] = [];

function nameMember(type: number): ConstantText {
  return (NAME_MEMBERS[type] ??= constantText(`,"name":${JSON.stringify(typedName(type))}`));
}
function typeHead(type: number): ConstantText {
  return (TYPE_HEADS[type] ??= constantText(`{"type":${type},"handle":`));
}
function nextTypeHead(type: number): ConstantText {
  return (NEXT_TYPE_HEADS[type] ??= constantText(`,{"type":${type},"handle":`));
}
function nameAndStrings(type: number): ConstantText {
  return (NAME_AND_STRINGS[type] ??= constantText(`,"name":${JSON.stringify(typedName(type))},"strings":[`));
}
function lengthAndOffset(length: number): ConstantText {
  return (LENGTH_AND_OFFSET[length] ??= constantText(`,"length":${length},"offset":`));
}

// The document's constant text, encoded once.
const K = {
  input: ascii('{"input":'),
  container: ascii(',"container":'),
  version: ascii(',"version":'),
  entryPoint: ascii(',"entryPoint":'),
  tableOffset: ascii(',"tableOffset":'),
  tableLength: ascii(',"tableLength":'),
  structures: ascii(',"structures":['),
  type: ascii('{"type":'),
  nextType: ascii(',{"type":'),
  handle: ascii(',"handle":'),
  length: ascii(',"length":'),
  offset: ascii(',"offset":'),
  strings: ascii(',"strings":['),
  comma: ascii(','),
  fields: ascii('],"fields":'),
  findings: ascii('],"findings":'),
  close: ascii('}'),
} as const;
