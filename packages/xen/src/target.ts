// The Xen target behind one small interface (`Target`, in @hvmpack/guest): the QEMU target is a
// sibling package implementing the same interface, not a fork of the CLI.
import { ErrorCode, FormatError } from '@hvmpack/bytes';
import { DEFAULT_XEN_VERSION, isBiosStringKey, parseXenVersion, resolveGuest, type Firmware, type Guest, type Target } from '@hvmpack/guest';
import { encodeAcpiBlob } from './acpi-blob.js';
import { checkAcpiBlob, checkModuleSet, checkSmbiosBlob, detectBlobKind } from './checks.js';
import { computeGuestView, type GuestView } from './guest-view.js';
import { selectStructures, selectTables } from './select.js';
import { encodeSmbiosBlob } from './smbios-blob.js';

export type { Target, TargetCheck, TargetInputs } from '@hvmpack/guest';

/** The Xen target: hvmloader's pass-through blobs (`smbios_firmware=`, `acpi_firmware=`) and the module set. */
export const xenTarget: Target<GuestView> = {
  name: 'xen',
  select: { smbios: selectStructures, acpi: selectTables },
  emit: { smbios: encodeSmbiosBlob, acpi: encodeAcpiBlob },
  check(bytes, guest, kind) {
    const k = kind ?? detectBlobKind(bytes);
    if (k === 'smbios-dump' || k === 'acpidump-text') {
      throw new FormatError(ErrorCode.UnknownFormat, `this is host ${k === 'smbios-dump' ? 'SMBIOS' : 'ACPI'} data, not a blob: run \`hvmpack pack ${k === 'smbios-dump' ? 'smbios' : 'acpi'}\` on it first`, { offset: 0 });
    }
    if (k === 'module-set') return { kind: k, findings: checkModuleSet(bytes, guest) };
    if (k === 'smbios') return { kind: k, findings: checkSmbiosBlob(bytes, guest).findings };
    if (k === 'acpi') return { kind: k, findings: checkAcpiBlob(bytes, guest).findings };
    throw new FormatError(ErrorCode.UnknownFormat, 'neither an smbios_firmware nor an acpi_firmware blob nor a module set', { offset: 0 });
  },
  guestView: (inputs, guest) => computeGuestView({ ...inputs, config: guest }),
};

/** A guest as xl.cfg describes it: the `Guest` fields, with the Xen version as text and bios-strings as `key=value`. */
export interface XlGuestOptions extends Partial<Omit<Guest, 'xen' | 'biosStrings' | 'firmware'>> {
  /** `4.21`, `4.21.1`, … (default: the newest modelled release). */
  xen?: string;
  /** xl `bios=` (default `seabios`). */
  firmware?: string;
  /** xl `smbios=` entries, `key=value`. */
  biosStrings?: readonly string[];
}

const FIRMWARE_NAMES: readonly string[] = ['seabios', 'ovmf', 'rombios'];

/**
 * Builds the {@link Guest} xl would describe: bios-strings keys get xl's underscore → hyphen rule
 * (`system_manufacturer` is `system-manufacturer`, xen.md §2.4) and must be keys hvmloader reads.
 * Bad values are `BAD_VALUE` FormatErrors whose `path` names the option.
 */
export function guestFromXl(o: XlGuestOptions): Guest {
  const biosStrings: Record<string, string> = {};
  for (const kv of o.biosStrings ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new FormatError(ErrorCode.BadValue, 'a bios-string is key=value', { path: 'bios-string', found: JSON.stringify(kv) });
    const key = kv.slice(0, eq).replace(/_/g, '-');
    if (!isBiosStringKey(key)) {
      throw new FormatError(ErrorCode.BadValue, 'not a bios-strings key hvmloader reads (bios-vendor, system-manufacturer, oem-1, …: Xen\'s xen/include/public/hvm/hvm_xs_strings.h, commit c447b7308b)', { path: 'bios-string', found: JSON.stringify(key) });
    }
    biosStrings[key] = kv.slice(eq + 1);
  }
  const firmware = o.firmware ?? 'seabios';
  if (!FIRMWARE_NAMES.includes(firmware)) throw new FormatError(ErrorCode.BadValue, 'unknown firmware', { path: 'firmware', expected: FIRMWARE_NAMES.join(', '), found: JSON.stringify(firmware) });
  const { xen, biosStrings: _b, firmware: _f, ...rest } = o;
  let version = DEFAULT_XEN_VERSION;
  try {
    if (xen !== undefined) version = parseXenVersion(xen);
  } catch (e) {
    if (e instanceof FormatError) throw new FormatError(ErrorCode.BadValue, e.reason, { path: 'xen', ...(e.found !== undefined && { found: e.found }), ...(e.expected !== undefined && { expected: e.expected }) });
    throw e;
  }
  return resolveGuest({ ...rest, xen: version, firmware: firmware as Firmware, biosStrings });
}
