// Runs the hvmpack CLI in-process with captured stdout/stderr and the real file system.
import { nodeIO, runCli } from '@hvmpack/cli';

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
  const io = { ...nodeIO(), stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t) };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
