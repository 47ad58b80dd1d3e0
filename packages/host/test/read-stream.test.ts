// readInputStream: a stream read whole, refused one byte past the input limit as files are.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isInputError, readInputStream } from '@hvmpack/host';

const stream = (chunks: number[]): Readable => Readable.from(chunks.map((n) => new Uint8Array(n).fill(0x41)));

describe('readInputStream', () => {
  it.each([
    ['nothing', [], 0],
    ['one chunk', [5], 5],
    ['chunks up to the limit exactly', [4, 4, 2], 10],
  ])('reads %s whole', async (_name, chunks, length) => {
    const bytes = await readInputStream(stream(chunks), '<stdin>', { maxInputBytes: 10 });
    expect(bytes.length).toBe(length);
    expect(bytes.every((b) => b === 0x41)).toBe(true);
  });

  it('refuses a stream one byte past the limit, naming it, and stops reading it', async () => {
    const s = stream([6, 5, 100]);
    let error: unknown;
    try {
      await readInputStream(s, '<stdin>', { maxInputBytes: 10 });
    } catch (e) {
      error = e;
    }
    expect(isInputError(error) && [error.code, error.file]).toEqual(['TOO_LARGE', '<stdin>']);
    expect(s.destroyed).toBe(true);
  });
});
