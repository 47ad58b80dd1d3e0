// Scratch folders and bounded runs of the reference tools (dmidecode, iasl, acpixtract): every
// run has a timeout and an output cap, and many runs go through a small pool, so a misbehaving
// tool can neither hang the suite nor flood memory.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll } from 'vitest';

/** Creates a fresh `hvmpack-<name>-…` folder under the OS temp dir, removed after the calling test file. */
export function tempDir(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `hvmpack-${name}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** How one tool run ended. */
export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Limits and working folder of a tool run. */
export interface ToolOptions {
  cwd?: string;
  /** Default 20 s. */
  timeoutMs?: number;
  /** Default 16 MiB. */
  maxBuffer?: number;
}

/**
 * Runs `tool` and resolves with its exit status and output (read as Latin-1, as firmware strings
 * are); rejects when it did not exit normally (timeout, signal, output cap, missing program).
 */
export function runTool(tool: string, args: readonly string[], options: ToolOptions = {}): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    execFile(
      tool,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs ?? 20_000, maxBuffer: options.maxBuffer ?? 16 << 20, encoding: 'latin1' },
      (err, stdout, stderr) => {
        const code = err ? (err as { code?: unknown }).code : 0;
        if (typeof code === 'number') resolve({ code, stdout, stderr });
        else reject(new Error(`${tool} did not exit normally (${String(code ?? 'signal')})`));
      },
    );
  });
}

/** Runs `tool` as {@link runTool} does and resolves to its stdout; a non-zero exit rejects. */
export async function toolOutput(tool: string, args: readonly string[], options: ToolOptions = {}): Promise<string> {
  const r = await runTool(tool, args, options);
  if (r.code !== 0) throw new Error(`${tool} failed (exit ${r.code})`);
  return r.stdout;
}

/** Runs `job` on every item with at most `n` in flight; results keep the items' order. */
export async function pool<T, R>(items: readonly T[], n: number, job: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await job(items[i]!);
      }
    }),
  );
  return out;
}
