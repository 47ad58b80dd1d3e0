// Size arguments as people write them: `0x40000`, `262144`, `256K`, `1M`, `2MiB`.
import { ErrorCode, FormatError } from '@hvmpack/bytes';

const UNITS: Record<string, bigint> = { '': 1n, K: 1n << 10n, M: 1n << 20n, G: 1n << 30n };

/** Parses a byte size (`0x…` hex, decimal, optional K/M/G suffix with optional `iB`/`B`); throws FormatError `BAD_VALUE`. */
export function parseSize(text: string): bigint {
  const m = /^\s*(0x[0-9a-f]+|\d+)\s*([kmg]?)(?:i?b)?\s*$/i.exec(text);
  if (!m) throw new FormatError(ErrorCode.BadValue, 'not a size', { expected: 'e.g. 0x40000, 262144, 256K, 1M', found: JSON.stringify(text.slice(0, 40)) });
  return BigInt(m[1]!) * UNITS[m[2]!.toUpperCase()]!;
}

/** True when `text` looks like a size rather than a file name. */
export function looksLikeSize(text: string): boolean {
  return /^\s*(0x[0-9a-f]+|\d+)\s*([kmg]?)(?:i?b)?\s*$/i.test(text);
}
