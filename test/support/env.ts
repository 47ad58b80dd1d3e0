// Where tests find the repository, the shared corpus and the real tools they compare against.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * `../shared` beside the checkout, or `HVMPACK_SHARED` for a checkout that is not beside it (a git
 * worktree elsewhere would otherwise skip every corpus and oracle test).
 */
export const sharedDir = path.resolve(process.env['HVMPACK_SHARED'] ?? path.join(repoRoot, '..', 'shared'));

/** The real-machine corpus, or undefined when `../shared/corpus` is absent. */
export const corpusDir: string | undefined = existsSync(path.join(sharedDir, 'corpus')) ? path.join(sharedDir, 'corpus') : undefined;

/** Absolute paths of the files in `corpus/<sub>` (sorted), or [] when absent. */
export function corpusFiles(sub: string, filter: (name: string) => boolean = () => true): string[] {
  if (!corpusDir) return [];
  const dir = path.join(corpusDir, sub);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => !n.endsWith('.md') && filter(n)).sort().map((n) => path.join(dir, n));
}

const toolCache = new Map<string, string | undefined>();

/** Absolute path of a program on PATH, or undefined. */
export function which(tool: string): string | undefined {
  if (!toolCache.has(tool)) {
    const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
    toolCache.set(tool, r.status === 0 ? r.stdout.trim() || undefined : undefined);
  }
  return toolCache.get(tool);
}

/**
 * Versions the oracle tests compare against, where the output changes between versions:
 * dmidecode's text (its OEM decoders, its messages) is asserted as 3.4 prints it (Debian 12).
 */
const TOOL_VERSIONS: Readonly<Record<string, string>> = { dmidecode: '3.4' };

function toolVersionProblem(tool: string): string | undefined {
  const want = TOOL_VERSIONS[tool];
  if (want === undefined) return undefined;
  const got = spawnSync(tool, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  return got === want ? undefined : `${tool} ${got || '(version unknown)'} installed, these comparisons are against ${want}`;
}

/**
 * Returns a reason to skip when a required tool (at the version compared against) or the corpus is missing (and prints it, so a
 * skipped oracle test is visible in the log), or undefined when everything is there.
 */
export function skipReason(what: { tools?: string[]; corpus?: string }): string | undefined {
  const missing: string[] = [];
  for (const t of what.tools ?? []) {
    if (!which(t)) missing.push(`${t} not installed`);
    else {
      const problem = toolVersionProblem(t);
      if (problem !== undefined) missing.push(problem);
    }
  }
  if (what.corpus !== undefined && corpusFiles(what.corpus).length === 0) missing.push(`corpus ../shared/corpus/${what.corpus} absent`);
  if (missing.length === 0) return undefined;
  const reason = missing.join('; ');
  console.warn(`[skip] ${reason}`);
  return reason;
}
