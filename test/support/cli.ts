// Runs the hvmpack CLI in-process with captured stdout/stderr and the real file system.
import { nodeIO, runCli, withIO } from '@hvmpack/cli';

/** Result of one in-process CLI run. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `hvmpack <argv>` in-process and captures its output. */
export async function runHvmpack(argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  // withIO keeps nodeIO's file system, so many inputs take the worker-thread path as in real use.
  const io = withIO(nodeIO(), { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
