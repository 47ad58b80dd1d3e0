import yargs from 'yargs';
import type { AnyCommand, CommandGroup } from './command.js';
import { commandEntries } from './commands/index.js';
import { buildCommand } from './main.js';

/** One runnable command: the words that name it (`['smbios', 'decode']`) and its spec. */
export interface CommandLeaf {
  words: readonly string[];
  spec: AnyCommand;
}

/** A positional argument as the command's signature declares it (`<input>`, `[inputs..]`). */
export interface PositionalShape {
  name: string;
  required: boolean;
  variadic: boolean;
}

/** An option as the command's builder declares it. */
export interface OptionShape {
  name: string;
  aliases: readonly string[];
  required: boolean;
  choices?: readonly (string | number)[];
  takesValue: boolean;
}

/** What a command accepts, read from its yargs signature and builder. */
export interface CommandShape {
  positionals: readonly PositionalShape[];
  options: readonly OptionShape[];
}

/** Every command the CLI runs, loading every module (for completion scripts and tests, not for a normal run). */
export async function loadCommandTree(): Promise<CommandLeaf[]> {
  const out: CommandLeaf[] = [];
  for (const entry of commandEntries) {
    const parts: readonly (AnyCommand | CommandGroup)[] = await entry.load();
    for (const p of parts) {
      if ('subcommands' in p) for (const s of p.subcommands) out.push({ words: [entry.name, String(s.command).split(' ')[0]!], spec: s });
      else out.push({ words: [entry.name], spec: p });
    }
  }
  return out;
}

/** The positionals and options of one command. */
export function commandShape(spec: AnyCommand): CommandShape {
  const positionals = String(spec.command)
    .split(' ')
    .slice(1)
    .map((t) => ({ name: t.replace(/^[<[]|\.\.|[>\]]$/g, '').replace(/\.\.$/, ''), required: t.startsWith('<'), variadic: t.includes('..') }));
  const o = (buildCommand(spec, yargs([])) as unknown as { getOptions(): unknown }).getOptions() as {
    key: Record<string, unknown>;
    alias: Record<string, string[]>;
    choices: Record<string, (string | number)[]>;
    demandedOptions: Record<string, unknown>;
    boolean: string[];
    count: string[];
  };
  const named = new Set(positionals.map((p) => p.name));
  const aliasOf = new Set(Object.values(o.alias).flat());
  const options = Object.keys(o.key)
    .filter((k) => !named.has(k) && !aliasOf.has(k) && k !== 'help' && k !== 'version')
    .map((name) => ({
      name,
      aliases: o.alias[name] ?? [],
      required: name in o.demandedOptions,
      ...(o.choices[name] && { choices: o.choices[name] }),
      takesValue: !o.boolean.includes(name) && !o.count.includes(name),
    }));
  return { positionals, options };
}
