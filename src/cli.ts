import { Command, CommanderError, Option } from 'commander';
import { diagnostic } from './diagnostics/codes.js';
import { isQoveryDeployError } from './diagnostics/error.js';
import { createContext, type CliIO, type CommandContext } from './commands/context.js';
import { EXIT, exitCodeFor } from './commands/exit-codes.js';
import { formatDiagnostic } from './report/diagnostics-text.js';

export type { CliIO } from './commands/context.js';

const VERSION = '0.1.0';

/** The process's own streams, environment and folder. */
export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

const formatOption = () =>
  new Option('--format <format>', 'output format').choices(['text', 'json', 'github']).default('text');

/**
 * Runs the command line and resolves to the exit code. Never calls process.exit and never throws:
 * a usage error or a bug becomes a message and a code. Commands are imported only when used, so
 * `validate` does not pay for the API client at start-up.
 */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const verbose = argv.includes('--verbose');
  const ctx = createContext(io, { verbose });
  let exitCode: number = EXIT.ok;
  const program = buildProgram(ctx, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return handleError(error, ctx);
  }
}

function buildProgram(ctx: CommandContext, done: (code: number) => void): Command {
  const program = new Command('qovery-deploy')
    .description('Apply a committed qovery-deploy.yaml to a Qovery environment: validate, plan, apply, exactly once.')
    .version(VERSION, '--version')
    .option('--verbose', 'show details and stack traces of internal errors')
    .showHelpAfterError('(run qovery-deploy --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    });

  program
    .command('validate')
    .description('check manifests offline: schema, ${VAR}s, git refs (no token, no network)')
    .argument('[files...]', 'manifest files', ['qovery-deploy.yaml'])
    .addOption(formatOption())
    .option('--no-git', 'do not check that git refs resolve')
    .action(async (files: string[], opts: { format: 'text' | 'json' | 'github'; git: boolean }) => {
      const { runValidate } = await import('./commands/validate.js');
      done(await runValidate({ files, format: opts.format, git: opts.git }, ctx));
    });

  program
    .command('schema')
    .description("print the manifest's JSON Schema")
    .action(async () => {
      const { runSchema } = await import('./commands/schema.js');
      done(await runSchema(ctx));
    });

  return program;
}

function handleError(error: unknown, ctx: CommandContext): number {
  if (error instanceof CommanderError) {
    // Help and --version end with code 0; commander already printed usage errors.
    return error.exitCode === 0 ? EXIT.ok : EXIT.invalid;
  }
  const sources = new Map<string, string>();
  if (isQoveryDeployError(error)) {
    for (const d of error.diagnostics) ctx.stderr.write(formatDiagnostic(d, sources, ctx.colors));
    return exitCodeFor(error.diagnostics) || EXIT.invalid;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.stderr.write(formatDiagnostic(diagnostic('INTERNAL', { message }), sources, ctx.colors));
  if (ctx.verbose && error instanceof Error && error.stack) ctx.stderr.write(`${error.stack}\n`);
  return EXIT.invalid;
}
