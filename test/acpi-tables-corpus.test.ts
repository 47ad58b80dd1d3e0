// Every table of every corpus input through decodeTypedTable: real firmware must decode (or fail
// with a FormatError, never anything else), and the typed views of tables that have one must be
// free of error findings on these healthy machines.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeAcpiInput, decodeTypedTable, type TypedTable } from '@hvmpack/acpi';
import { hasErrors, isFormatError } from '@hvmpack/bytes';
import { describe, expect, it } from 'vitest';
import { corpusFiles, skipReason } from './support/env.js';

const skip = skipReason({ corpus: 'acpi' });
const inputs = [...corpusFiles('acpi', (n) => n.endsWith('.acpidump.txt')), ...corpusFiles('acpi-bin')];

describe.skipIf(skip !== undefined)('typed views of every corpus table', () => {
  it('decode to JSON-safe fields or a FormatError', () => {
    const bySignature = new Map<string, number>();
    const failures: string[] = [];
    for (const file of inputs) {
      const set = decodeAcpiInput(new Uint8Array(readFileSync(file)), path.basename(file));
      for (const t of set.tables) {
        let typed: TypedTable;
        try {
          typed = decodeTypedTable(t);
        } catch (e) {
          if (!isFormatError(e)) throw e;
          continue;
        }
        JSON.stringify(typed.fields);
        bySignature.set(t.signature, (bySignature.get(t.signature) ?? 0) + 1);
        // Known-good machines: typed decoders must not call their MADT/MCFG/SLIC broken.
        if (hasErrors(typed.findings)) failures.push(`${path.basename(file)} ${t.signature}${t.instance}: ${typed.findings.map((f) => f.code).join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
    for (const sig of ['FACP', 'APIC', 'DSDT', 'SSDT', 'FACS', 'MCFG', 'HPET']) expect(bySignature.get(sig) ?? 0, sig).toBeGreaterThan(0);
  });
});
