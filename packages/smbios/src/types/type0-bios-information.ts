// DSP0134 §7.1 BIOS Information (Type 0). Text follows dmidecode 3.4 `dmi_decode` case 0.
import { indexFields } from './fields.js';
import { biosCharacteristics, biosCharacteristicsX1, biosCharacteristicsX2 } from './names.js';
import { formatMemorySize, hexN, printBits, type FieldSpec, type StructView } from './view.js';

/** Type 0 offset table. */
export const BIOS_INFORMATION_FIELDS = [
  { name: 'vendor', offset: 0x04, kind: 'string', since: '2.0', keyword: 'bios-vendor' },
  { name: 'version', offset: 0x05, kind: 'string', since: '2.0', keyword: 'bios-version' },
  { name: 'startingAddressSegment', offset: 0x06, kind: 'u16', since: '2.0' },
  { name: 'releaseDate', offset: 0x08, kind: 'string', since: '2.0', keyword: 'bios-release-date' },
  { name: 'romSize', offset: 0x09, kind: 'u8', since: '2.0' },
  { name: 'characteristics', offset: 0x0a, kind: 'u64', since: '2.0' },
  { name: 'characteristicsExt1', offset: 0x12, kind: 'u8', since: '2.4' },
  { name: 'characteristicsExt2', offset: 0x13, kind: 'u8', since: '2.4' },
  { name: 'biosMajorRelease', offset: 0x14, kind: 'u8', since: '2.4' },
  { name: 'biosMinorRelease', offset: 0x15, kind: 'u8', since: '2.4', keyword: 'bios-revision' },
  { name: 'firmwareMajorRelease', offset: 0x16, kind: 'u8', since: '2.4' },
  { name: 'firmwareMinorRelease', offset: 0x17, kind: 'u8', since: '2.4', keyword: 'firmware-revision' },
  { name: 'extendedRomSize', offset: 0x18, kind: 'u16', since: '3.1' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(BIOS_INFORMATION_FIELDS);

/** Prints type 0 as dmidecode does. */
export function formatBiosInformation(v: StructView): void {
  v.title('BIOS Information');
  if (v.length < 0x12) return;
  v.attr('Vendor', v.strField(F.vendor));
  v.attr('Version', v.strField(F.version));
  v.attr('Release Date', v.strField(F.releaseDate));
  // UEFI and IA-64 systems report segment 0: no legacy BIOS image, so no address or runtime size.
  const seg = v.u16(F.startingAddressSegment.offset);
  if (seg !== 0) {
    v.attr('Address', `0x${hexN(seg, 4)}0`);
    const runtime = (0x10000 - seg) << 4;
    v.attr('Runtime Size', runtime & 0x3ff ? `${runtime} bytes` : `${runtime >> 10} kB`);
  }
  const rom = v.u8(F.romSize.offset);
  if (rom !== 0xff) v.attr('ROM Size', formatMemorySize(BigInt((rom + 1) << 6), 1));
  else {
    const ext = v.length < 0x1a ? 16 : v.u16(F.extendedRomSize.offset);
    v.attr('ROM Size', `${ext & 0x3fff} ${['MB', 'GB', '<OUT OF SPEC>', '<OUT OF SPEC>'][ext >> 14]}`);
  }
  v.listStart('Characteristics');
  const ch = v.u64(F.characteristics.offset);
  // Bit 3 "characteristics not supported" overrides every other bit (§7.1.1).
  if (ch & 0x8n) v.item('BIOS characteristics not supported');
  else printBits(v, biosCharacteristics, ch & 0xffffffffn, 4, 31);
  if (v.length < 0x13) return;
  printBits(v, biosCharacteristicsX1, v.u8(F.characteristicsExt1.offset), 0, 7);
  if (v.length < 0x14) return;
  printBits(v, biosCharacteristicsX2, v.u8(F.characteristicsExt2.offset), 0, 6);
  if (v.length < 0x18) return;
  if (v.u8(F.biosMajorRelease.offset) !== 0xff && v.u8(F.biosMinorRelease.offset) !== 0xff) v.attr('BIOS Revision', `${v.u8(F.biosMajorRelease.offset)}.${v.u8(F.biosMinorRelease.offset)}`);
  if (v.u8(F.firmwareMajorRelease.offset) !== 0xff && v.u8(F.firmwareMinorRelease.offset) !== 0xff) v.attr('Firmware Revision', `${v.u8(F.firmwareMajorRelease.offset)}.${v.u8(F.firmwareMinorRelease.offset)}`);
}
