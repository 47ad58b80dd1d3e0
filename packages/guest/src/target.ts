// The one interface every virtualisation target implements (docs/architecture.md). It lives
// here, below the targets, so `@hvmpack/xen` and `@hvmpack/qemu` share it without depending on
// each other; each target keeps its own guest options type (`G`).
import { finding, type Finding } from '@hvmpack/bytes';
import { SENSITIVE_SIGNATURES, type AcpiTable } from '@hvmpack/acpi';
import type { RawStructure } from '@hvmpack/smbios';
import type { Guest } from './guest.js';

/** What a selection kept, with one finding per thing left out or changed (paths under `input.`). */
export interface Selection<T> {
  chosen: T[];
  notes: Finding[];
}

/** What a target's check says about one file it consumes. */
export interface TargetCheck {
  /** Which of the target's inputs the file is (Xen: `smbios`/`acpi` blob, `module-set`). */
  kind: string;
  findings: Finding[];
}

/** Host SMBIOS structures and ACPI tables, as the format readers give them, for a target to use. */
export interface TargetInputs {
  smbios: Uint8Array | null;
  acpi: Uint8Array | null;
}

/**
 * A virtualisation target: which host data it takes (`select`), how it writes what it takes
 * (`emit`), what its loader accepts (`check`), and what the guest finally sees (`guestView`).
 * Every method is pure. `G` is the target's guest description (the `Guest` of this package for
 * Xen, QEMU's own options for QEMU); `Emitted` is what one emit call produces (one blob for Xen,
 * one file per structure or table for QEMU).
 */
export interface Target<View = unknown, G = Guest, Emitted = Uint8Array> {
  /** Short name, e.g. `xen`. */
  readonly name: string;
  readonly select: {
    smbios(structures: readonly RawStructure[], guest: G, types?: ReadonlySet<number>): Selection<RawStructure>;
    acpi(tables: readonly AcpiTable[], guest: G, wanted?: ReadonlySet<string>): Selection<AcpiTable>;
  };
  readonly emit: {
    smbios(structures: readonly RawStructure[]): Emitted;
    acpi(tables: readonly (AcpiTable | Uint8Array)[]): Emitted;
  };
  /** Checks a file the target consumes; `kind` forces how it is read, else it is detected. */
  check(bytes: Uint8Array, guest: G, kind?: string): TargetCheck;
  guestView(inputs: TargetInputs, guest: G): View;
}

/** A table's name as `--tables` and sysfs write it: the signature, with the instance from the second on (`SSDT2`). */
export function tableName(t: Pick<AcpiTable, 'signature' | 'instance'>): string {
  return `${t.signature}${t.instance > 1 ? t.instance : ''}`;
}

/** What a target builds itself, for {@link selectTablesWith}. */
export interface TablePolicy {
  /** True for a signature the target's loader builds itself (left out unless named). */
  builtIn(signature: string): boolean;
  /** Who builds them, for the finding (`hvmloader`, `QEMU`). */
  builder: string;
  /** Finding code prefix (`PACK` → `PACK_ACPI_LEFT_OUT`). */
  codePrefix: string;
  /**
   * Why the target's loader would refuse this table (too big, …), or undefined. Such a table is
   * left out unless named, so a default selection never makes the whole guest fail to start.
   */
  refuses?(table: AcpiTable): string | undefined;
}

/**
 * The host tables a target takes. With `wanted` (signatures or names such as `SSDT2`, upper
 * case): exactly those, and a name that matches no table is an error. Without: every table but
 * the ones the target builds itself, the ones its loader would refuse, and the sensitive ones
 * (MSDM holds a Windows product key, SLIC the OEM activation key and marker), which pass only
 * when named.
 */
export function selectTablesWith(tables: readonly AcpiTable[], wanted: ReadonlySet<string> | undefined, policy: TablePolicy): Selection<AcpiTable> {
  const chosen: AcpiTable[] = [];
  const notes: Finding[] = [];
  const matched = new Set<string>();
  tables.forEach((t, i) => {
    const name = tableName(t);
    const path = `input.tables[${i}]`;
    if (wanted) {
      const hit = wanted.has(t.signature) ? t.signature : wanted.has(name) ? name : undefined;
      if (hit === undefined) return;
      matched.add(hit);
      chosen.push(t);
      return;
    }
    if (policy.builtIn(t.signature)) {
      notes.push(finding(`${policy.codePrefix}_ACPI_LEFT_OUT`, 'info', `${name} left out: ${policy.builder} builds its own`, { path, signature: t.signature }));
      return;
    }
    if (SENSITIVE_SIGNATURES.has(t.signature)) {
      notes.push(finding(`${policy.codePrefix}_ACPI_SENSITIVE_LEFT_OUT`, 'warning', `${name} left out: it ${t.signature === 'MSDM' ? 'holds a Windows product key' : 'holds the OEM activation key and marker'}; name it in --tables to pass it to the guest`, { path, signature: t.signature }));
      return;
    }
    const refusal = policy.refuses?.(t);
    if (refusal !== undefined) {
      notes.push(finding(`${policy.codePrefix}_ACPI_REFUSED_LEFT_OUT`, 'warning', `${name} left out: ${refusal}`, { path, signature: t.signature }));
      return;
    }
    chosen.push(t);
  });
  // One finding for all of them: a collapsed repeat would hide every name but the first.
  const absent = [...(wanted ?? [])].filter((w) => !matched.has(w));
  if (absent.length > 0) notes.push(finding(`${policy.codePrefix}_ACPI_TABLE_NOT_IN_INPUT`, 'error', `--tables names ${absent.join(', ')}, which the input does not hold`));
  return { chosen, notes };
}
