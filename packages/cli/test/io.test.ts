// The capabilities nodeIO declares (its file system may be opened by worker threads; its stdout
// takes bytes) survive only while the members they vouch for are nodeIO's own.
import { describe, expect, it } from 'vitest';
import { nodeIO, withIO, type CliIO } from '@hvmpack/cli';

const capture = (): void => undefined;
const reader = (): Promise<Uint8Array> => Promise.resolve(new Uint8Array(0));
const capabilities = (io: CliIO): [CliIO['fileSystem'], boolean] => [io.fileSystem, io.stdoutBytes !== undefined];

describe('CliIO capabilities', () => {
  it.each<[string, () => CliIO, [CliIO['fileSystem'], boolean]]>([
    ['nodeIO', () => nodeIO(), ['node', true]],
    ['a spread that replaces readFile', () => ({ ...nodeIO(), readFile: reader }), [undefined, false]],
    ['a spread that replaces only stderr', () => ({ ...nodeIO(), stderr: capture }), [undefined, false]],
    ['withIO replacing stdout and stderr', () => withIO(nodeIO(), { stdout: capture, stderr: capture }), ['node', false]],
    ['withIO replacing readFile', () => withIO(nodeIO(), { readFile: reader }), [undefined, true]],
    ['withIO replacing isDirectory', () => withIO(nodeIO(), { isDirectory: () => Promise.resolve(false) }), [undefined, true]],
    ['withIO replacing readDir', () => withIO(nodeIO(), { readDir: () => Promise.resolve([]) }), [undefined, true]],
    ['withIO replacing readFile and declaring the file system anew', () => withIO(nodeIO(), { readFile: reader, fileSystem: 'node' }), ['node', true]],
    ['withIO over an io without capabilities', () => withIO({ ...nodeIO() }, { stdout: capture }), [undefined, false]],
    ['withIO of withIO', () => withIO(withIO(nodeIO(), { writeFile: () => Promise.resolve() }), { stderr: capture }), ['node', true]],
  ])('%s', (_name, make, want) => {
    const io = make();
    expect(capabilities(io)).toEqual(want);
    // Not enumerable, so the next plain spread drops them whatever they were.
    expect(capabilities({ ...io })).toEqual([undefined, false]);
  });
});
