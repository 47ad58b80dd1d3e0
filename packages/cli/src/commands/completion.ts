import type { Argv } from 'yargs';
import { defineCommand } from '../command.js';
import { ExitCode } from '../errors.js';
import { printJson } from '../json.js';

interface CompletionArgs {
  shell?: 'bash' | 'zsh';
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A bash completion function for every command, subcommand and option, read from the command
 * tree when the script is made (so it never lists a command that does not exist). zsh runs the
 * same function through `bashcompinit`. Words that are not options complete as file names.
 */
export async function completionScript(shell: 'bash' | 'zsh'): Promise<string> {
  const { loadCommandTree, commandShape } = await import('../tree.js');
  const { commandEntries } = await import('./index.js');
  const leaves = await loadCommandTree();
  const global = ['--json', '--quiet', '-q', '--help', '-h'];
  const cases: string[] = [`    "") words=${quote([...commandEntries.map((e) => e.name), '--help', '--version'].join(' '))} ;;`];
  const groups = new Map<string, string[]>();
  for (const l of leaves) {
    if (l.words.length === 2) groups.set(l.words[0]!, [...(groups.get(l.words[0]!) ?? []), l.words[1]!]);
    const shape = commandShape(l.spec);
    const options = shape.options.flatMap((o) => [`--${o.name}`, ...o.aliases.map((a) => (a.length === 1 ? `-${a}` : `--${a}`))]);
    const words = [...options, ...global].join(' ');
    const key = l.words.join(' ');
    // The command, then any words after it (its positionals).
    cases.push(`    ${quote(key)}|${quote(key + ' ')}*) words=${quote(words)}; leaf=1 ;;`);
  }
  for (const [g, subs] of groups) cases.splice(1, 0, `    ${quote(g)}) words=${quote(subs.join(' '))} ;;`);
  return [
    `# hvmpack completion for ${shell}. Load it with:  source <(hvmpack completion ${shell})`,
    ...(shell === 'zsh' ? ['autoload -U +X compinit && compinit', 'autoload -U +X bashcompinit && bashcompinit'] : []),
    '_hvmpack_complete() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}" cmd="" w i words="" leaf=0',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    w="${COMP_WORDS[i]}"',
    '    [[ $w == -* ]] && continue',
    '    cmd="${cmd:+$cmd }$w"',
    '  done',
    '  case "$cmd" in',
    ...cases,
    '  esac',
    '  COMPREPLY=()',
    '  # Inside a command, only options are offered; anything else falls back to file names.',
    '  if [[ $leaf == 0 || $cur == -* ]]; then',
    '    COMPREPLY=($(compgen -W "$words" -- "$cur"))',
    '  fi',
    '}',
    'complete -o default -F _hvmpack_complete hvmpack',
    '',
  ].join('\n');
}

/** `hvmpack completion [bash|zsh]`: prints the shell completion script. */
export const completion = defineCommand<CompletionArgs>({
  command: 'completion [shell]',
  describe: 'Print a bash or zsh completion script (source <(hvmpack completion))',
  builder: (y) =>
    y.positional('shell', { type: 'string', choices: ['bash', 'zsh'], describe: 'Shell to complete in (default: from $SHELL, else bash)' }) as unknown as Argv<CompletionArgs>,
  examples: [
    ['source <(hvmpack completion)', 'complete hvmpack in this shell'],
    ['hvmpack completion zsh > ~/.zsh/hvmpack-completion.zsh', 'install it for zsh'],
  ],
  run: async (a, ctx) => {
    const shell = a.shell ?? (process.env['SHELL']?.endsWith('/zsh') ? 'zsh' : 'bash');
    const script = await completionScript(shell);
    // Every command keeps the JSON contract (docs/json.md), this one too: the script as a string.
    if (ctx.json) printJson(ctx, { input: null, shell, script });
    else ctx.io.stdout(script);
    return ExitCode.Ok;
  },
});
