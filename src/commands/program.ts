// The commander program: loaded only for command lines the entry does not run itself
// (fast-path.ts), so that `validate` does not pay for commander at start-up. It imports every
// command: one lazily-loaded part keeps the bundle in few files (each file a module costs a
// resolve, a read and a compile), and these commands wait on the network far longer than they
// take to load.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { diagnostic } from '../diagnostics/codes.js';
import { VERSION } from '../version.js';
import { runApplyCommand } from './apply.js';
import { HELP_AFTER } from './argv.js';
import type { CommandContext } from './context.js';
import { EXIT } from './exit-codes.js';
import { reportFailure, type OutputFormat } from './failure.js';
import { filesOrDefault, validateOptions, type ValidateFlags, type ValidateRunner } from './fast-path.js';
import { runInitCommand } from './init.js';
import { parseDuration, splitList } from './options.js';
import { runPlanCommand } from './plan.js';
import { addPreviewCommands } from './program-preview.js';
import { runRenderCommand } from './render.js';
import { runSchemaCommand } from './schema.js';
import { runStatusCommand } from './status.js';
import { runValidateCommand } from './validate.js';

const formatOption = (choices = ['text', 'json', 'github']) =>
  new Option('--format <format>', 'output format').choices(choices).default('text');

const duration = (value: string): number => {
  const ms = parseDuration(value);
  if (ms === undefined) throw new InvalidArgumentError('expected a duration such as 30m, 90s, 1h or 500ms');
  return ms;
};

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const count = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('expected a whole number from 1 to 64');
  return n;
};

type RunFormat = 'text' | 'json' | 'github';

/** `--pr-comment`: plan and apply post a sticky comment on the pull request. */
const prCommentOption = () =>
  new Option('--pr-comment', 'comment on the pull request (one sticky comment per environment; needs GITHUB_TOKEN and a pull_request event)');

/** `--workspace DIR`: the folder local `repository:` paths must stay in. */
const workspaceOption = () =>
  new Option('--workspace <dir>', 'folder local `repository:` paths must stay in (default: $GITHUB_WORKSPACE, $CI_PROJECT_DIR, or the folder holding the repository)');

/** Options every command that talks to the API takes. */
function apiOptions(command: Command): Command {
  return command
    .option('--api-url <url>', 'Qovery API base URL (default: $QOVERY_API_URL or https://api.qovery.com)')
    .addOption(new Option('--request-timeout <duration>', 'deadline of each HTTP request').argParser(duration).default(30_000, '30s'))
    .addOption(new Option('--retry-base <duration>', 'first backoff of retried reads').argParser(duration).hideHelp());
}

interface ApiFlags {
  apiUrl?: string;
  requestTimeout: number;
  retryBase?: number;
}

const apiFlags = (opts: ApiFlags) => ({
  ...(opts.apiUrl ? { apiUrl: opts.apiUrl } : {}),
  requestTimeoutMs: opts.requestTimeout,
  ...(opts.retryBase !== undefined ? { retryBaseMs: opts.retryBase } : {}),
});

/**
 * The whole command line: every command, option and help text. `runValidate` is what the validate
 * action runs (tests pass their own to see what commander parsed).
 */
export function buildProgram(ctx: CommandContext, format: OutputFormat, done: (code: number) => void, runValidate: ValidateRunner = runValidateCommand): Command {
  const program = new Command('qovery-deploy')
    .description('Apply a committed qovery-deploy.yaml to a Qovery environment: validate, plan, apply, exactly once.')
    .version(VERSION, '--version')
    .option('--verbose', 'show details and stack traces of internal errors')
    .showHelpAfterError('(run qovery-deploy --help for usage)')
    .addHelpText('after', HELP_AFTER)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      // With --format json or github a usage error becomes the one JSON document or an ::error line
      // (handleError), so commander's own text stays out of the way.
      writeErr: (s) => (format === 'text' ? ctx.stderr.write(s) : undefined),
    });

  program
    .command('validate')
    .description('check manifests: schema, ${VAR}s, git refs (no token; git asks origin only for names a shallow clone lacks)')
    .argument('[files...]', 'manifest files (default: qovery-deploy.yaml)')
    .addOption(formatOption())
    .option('--no-git', 'do not check that git refs resolve')
    .option('--offline', 'never use the network: in a shallow clone, names it lacks are reported, not asked of origin')
    .addOption(workspaceOption())
    .action(async (files: string[], flags: ValidateFlags) => done(await runValidate(validateOptions(files, flags), ctx)));

  apiOptions(
    program
      .command('render')
      .description('print the exact request bodies apply would send, with each ref resolved to its SHA')
      .argument('[file]', 'manifest file', 'qovery-deploy.yaml')
      .addOption(formatOption(['text', 'json']))
      .addOption(workspaceOption()),
  ).action(async (file: string, opts: ApiFlags & { format: 'text' | 'json'; workspace?: string }) => {
    done(await runRenderCommand({ file, format: opts.format, ...(opts.workspace ? { workspace: opts.workspace } : {}), ...apiFlags(opts) }, ctx));
  });

  apiOptions(
    program
      .command('plan')
      .description('read live state and show, per service, what apply would deploy')
      .argument('[files...]', 'manifest files, one per environment (default: qovery-deploy.yaml)')
      .addOption(formatOption())
      .addOption(workspaceOption())
      .option('--detailed-exitcode', 'exit 2 when changes are pending, 0 when none, 1 on error')
      .addOption(new Option('--detailed-exit-code', 'alias of --detailed-exitcode').hideHelp())
      .option('--only <names>', 'plan only these services (comma-separated names or ids)', collect)
      .option('--out <file>', 'save the plan (SHAs, live state seen, bodies) for `apply --plan`')
      .addOption(new Option('--parallel <n>', 'files planned at the same time').argParser(count).default(1))
      .addOption(prCommentOption()),
  ).action(
    async (
      files: string[],
      opts: ApiFlags & {
        format: RunFormat;
        workspace?: string;
        detailedExitcode?: boolean;
        detailedExitCode?: boolean;
        only?: string[];
        out?: string;
        parallel: number;
        prComment?: boolean;
      },
    ) => {
      const only = splitList(opts.only);
      done(
        await runPlanCommand(
          {
            files: filesOrDefault(files),
            ...(opts.workspace ? { workspace: opts.workspace } : {}),
            format: opts.format,
            detailedExitCode: Boolean(opts.detailedExitcode || opts.detailedExitCode),
            ...(only ? { only } : {}),
            ...(opts.out ? { out: opts.out } : {}),
            parallel: opts.parallel,
            prComment: Boolean(opts.prComment),
            ...apiFlags(opts),
          },
          ctx,
        ),
      );
    },
  );

  apiOptions(
    program
      .command('apply')
      .description('plan, submit what changed exactly once, and wait for the outcome')
      .argument('[files...]', 'manifest files, one per environment (default: qovery-deploy.yaml)')
      .addOption(formatOption())
      .addOption(workspaceOption())
      .option('--plan <file>', 'apply exactly this saved plan (from `plan --out`); refused if the live state moved')
      .addOption(new Option('--parallel <n>', 'files applied at the same time').argParser(count).default(1))
      .option('--dry-run', 'plan and print the bodies; send nothing')
      .option('--force', 'deploy services even when they already run the wanted version')
      .option('--only <names>', 'deploy only these services (comma-separated names or ids)', collect)
      .option('--no-wait', 'submit and exit without waiting for the outcome')
      .addOption(new Option('--timeout <duration>', 'give up waiting after this long (exit 4)').argParser(duration).default(30 * 60_000, '30m'))
      .addOption(new Option('--poll-interval <duration>', 'first status poll interval (grows to 10x)').argParser(duration).default(1000, '1s'))
      .option('--cancel-on-timeout', 'when --timeout passes, cancel our own deployment requests (wait up to 60s for CANCELED)')
      .option('--cancel-on-interrupt', 'on SIGINT/SIGTERM, cancel our own deployment requests (within 5s) before exiting')
      .option('-y, --yes', 'deploy without asking (apply asks only on an interactive terminal, never in CI)')
      .addOption(new Option('--auto-approve', 'alias of --yes').hideHelp())
      .addOption(prCommentOption()),
  ).action(
    async (
      files: string[],
      opts: ApiFlags & {
        format: RunFormat;
        workspace?: string;
        yes?: boolean;
        autoApprove?: boolean;
        plan?: string;
        parallel: number;
        dryRun?: boolean;
        force?: boolean;
        only?: string[];
        wait: boolean;
        timeout: number;
        pollInterval: number;
        prComment?: boolean;
        cancelOnTimeout?: boolean;
        cancelOnInterrupt?: boolean;
      },
    ) => {
      const only = splitList(opts.only);
      done(
        await runApplyCommand(
          {
            files: filesOrDefault(files),
            filesGiven: files.length > 0,
            ...(opts.workspace ? { workspace: opts.workspace } : {}),
            yes: Boolean(opts.yes || opts.autoApprove),
            format: opts.format,
            dryRun: Boolean(opts.dryRun),
            force: Boolean(opts.force),
            ...(only ? { only } : {}),
            wait: opts.wait,
            timeoutMs: opts.timeout,
            pollIntervalMs: opts.pollInterval,
            ...(opts.cancelOnTimeout ? { cancelOnTimeout: true } : {}),
            ...(opts.cancelOnInterrupt ? { cancelOnInterrupt: true } : {}),
            ...(opts.plan ? { planFile: opts.plan } : {}),
            parallel: opts.parallel,
            prComment: Boolean(opts.prComment),
            ...apiFlags(opts),
          },
          ctx,
        ),
      );
    },
  );

  apiOptions(
    program
      .command('status')
      .description('show the live state of every service of the environment a manifest names')
      .argument('[file]', 'manifest file', 'qovery-deploy.yaml')
      .addOption(formatOption(['text', 'json'])),
  ).action(async (file: string, opts: ApiFlags & { format: 'text' | 'json' }) => {
    done(await runStatusCommand({ file, format: opts.format, ...apiFlags(opts) }, ctx));
  });

  apiOptions(
    program
      .command('init')
      .description('write a manifest of every service of an environment, pinned to what it runs now')
      .requiredOption('--environment <env>', 'the environment: its id, or ORGANIZATION/PROJECT/ENVIRONMENT names')
      .option('--out <file>', 'write the manifest to this file instead of stdout')
      .option('--force', 'overwrite the --out file when it exists')
      .addOption(formatOption(['text', 'json'])),
  ).action(async (opts: ApiFlags & { environment: string; out?: string; force?: boolean; format: 'text' | 'json' }) => {
    done(await runInitCommand({ environment: opts.environment, ...(opts.out ? { out: opts.out } : {}), force: Boolean(opts.force), format: opts.format, ...apiFlags(opts) }, ctx));
  });

  addPreviewCommands(program, { apiOptions, apiFlags, formatOption, workspaceOption, duration, collect }, ctx, done);

  program
    .command('schema')
    .description("print the manifest's JSON Schema")
    .action(async () => {
      done(await runSchemaCommand(ctx));
    });

  return program;
}

/**
 * Parses the command line with the full program and runs the command it names; resolves to the
 * exit code. A usage error, help or `--version` ends here; any other error is the caller's.
 */
export async function runProgram(argv: readonly string[], ctx: CommandContext, format: OutputFormat, command: string | undefined): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(ctx, format, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // Help and --version end with code 0; in text, commander already printed usage errors.
    if (error.exitCode === 0) return EXIT.ok;
    if (format === 'text') return EXIT.invalid;
    const message = error.code === 'commander.help' ? 'no command given' : error.message.replace(/^error: /, '');
    return reportFailure(ctx, { command, format, diagnostics: [diagnostic('USAGE', { message })], exitCode: EXIT.invalid });
  }
}
