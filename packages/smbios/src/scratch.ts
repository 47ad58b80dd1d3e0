/**
 * Working memory for SMBIOS table walks and JSON writing, owned by the caller. A loop over many
 * tables (a batch, a benchmark) makes one and passes it as `options.scratch`, so the arrays grow
 * to the largest table once and are reused; a call without one makes its own. One scratch serves
 * one call at a time (each worker thread has its own). Results never share its memory: a walk's
 * offsets are copied out, and a JSON document is copied or written into the caller's blocks.
 */
export class SmbiosScratch {
  // Structure starts, ends, first string numbers and string bounds of the walk in progress. Plain
  // arrays of small integers: they grow in place, and a new scratch costs no off-heap allocation
  // (four typed arrays per walk cost more than a small table's whole walk).
  starts: number[] = [];
  ends: number[] = [];
  first: number[] = [];
  bounds: number[] = [];
  /** String bytes laid out as UTF-16LE code units, for one decode call (high bytes stay 0). */
  chars = new Uint8Array(0);
  /** The JSON writer's buffer, made on first use. */
  json: Uint8Array | undefined;
  /** Drops arrays a huge table grew past what is worth keeping between calls. */
  trim(): void {
    if (this.starts.length > KEEP_ENTRIES) {
      this.starts = [];
      this.ends = [];
    }
    if (this.first.length > KEEP_ENTRIES) this.first = [];
    if (this.bounds.length > KEEP_ENTRIES) this.bounds = [];
    if (this.chars.length > KEEP_BYTES) this.chars = new Uint8Array(0);
    if (this.json !== undefined && this.json.length > KEEP_JSON_BYTES) this.json = undefined;
  }
}

const KEEP_ENTRIES = 1 << 16;
const KEEP_BYTES = 1 << 20;
const KEEP_JSON_BYTES = 1 << 22;
