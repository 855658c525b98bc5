/**
 * The command lines the entry runs without building the commander program: `schema` and a
 * well-formed `validate` (the bin answers `--version` itself). Loading commander and declaring
 * every command costs more start-up time than validating a small manifest. The parser below
 * accepts only what commander would parse to the same options; anything else (help, an unknown
 * flag, a missing value, `--`) returns undefined and goes to the full program, which owns every
 * message. A property test checks the two agree on every command line this accepts.
 */
import type { CommandContext } from './context.js';
import type { OutputFormat } from './failure.js';
import type { ValidateCommandOptions } from './validate.js';

/** The options `validate` declares, as commander hands them to the action. */
export interface ValidateFlags {
  format: OutputFormat;
  git: boolean;
  offline?: boolean;
  workspace?: string;
}

/** A command line the entry can run at once. */
export type FastCommand = { name: 'schema' } | { name: 'validate'; files: string[]; flags: ValidateFlags };

const FORMATS: readonly string[] = ['text', 'json', 'github'] satisfies OutputFormat[];

/** The manifest files a command was given, or the default one. */
export const filesOrDefault = (files: string[]): string[] => (files.length > 0 ? files : ['qovery-deploy.yaml']);

/** What `validate`'s action passes to the command, from the parsed operands and flags (both paths). */
export function validateOptions(files: string[], flags: ValidateFlags): ValidateCommandOptions {
  return { files: filesOrDefault(files), format: flags.format, git: flags.git, offline: Boolean(flags.offline), ...(flags.workspace ? { workspace: flags.workspace } : {}) };
}

/** What runs a parsed `validate`. */
export type ValidateRunner = (options: ValidateCommandOptions, ctx: CommandContext) => Promise<number>;


/**
 * The command line, when it is one of the few the entry runs itself; undefined for everything
 * else. `--verbose` is the program's own flag and commander takes it wherever it appears, so it is
 * set aside first, as commander does.
 */
export function fastCommand(argv: readonly string[]): FastCommand | undefined {
  const args = argv.filter((arg) => arg !== '--verbose');
  if (args.length === 1 && args[0] === 'schema') return { name: 'schema' };
  if (args[0] !== 'validate') return undefined;
  const files: string[] = [];
  const flags: ValidateFlags = { format: 'text', git: true };
  for (let i = 1; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-')) {
      files.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (name === '--no-git' || name === '--offline') {
      if (inline !== undefined) return undefined;
      if (name === '--no-git') flags.git = false;
      else flags.offline = true;
    } else if (name === '--format' || name === '--workspace') {
      const value = inline ?? args[++i];
      // A following word that looks like a flag: commander would take it as the value; leave that to it.
      if (value === undefined || (inline === undefined && value.startsWith('-'))) return undefined;
      if (name === '--workspace') flags.workspace = value;
      else if (FORMATS.includes(value)) flags.format = value as OutputFormat;
      else return undefined;
    } else {
      return undefined;
    }
  }
  return { name: 'validate', files, flags };
}
