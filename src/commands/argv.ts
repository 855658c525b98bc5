import { TOKEN_VARIABLES } from '../secrets/tokens.js';
import type { OutputFormat } from './failure.js';

/** The commands the CLI knows, to tell which one a failed command line meant. */
export const COMMANDS = ['validate', 'render', 'plan', 'apply', 'status', 'init', 'schema'] as const;

/**
 * The output format a command line asks for, read before parsing so that even a usage error is
 * reported in it (`--format json` → one JSON document). Anything unknown counts as text.
 */
export function requestedFormat(argv: readonly string[]): OutputFormat {
  let format: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--format') format = argv[++i];
    else if (arg.startsWith('--format=')) format = arg.slice('--format='.length);
  }
  return format === 'json' || format === 'github' ? format : 'text';
}

/** The command a command line names (the first known word), if any. */
export function commandOf(argv: readonly string[]): string | undefined {
  for (const arg of argv) {
    if (arg === '--') return undefined;
    if ((COMMANDS as readonly string[]).includes(arg)) return arg;
  }
  return undefined;
}

/** What `qovery-deploy --help` adds after the commands: the exit codes and the variables read. */
export const HELP_AFTER = `
Exit codes:
  0  success, or nothing to do
  1  invalid manifest, usage error, unresolvable git ref, unknown name, stale saved plan (nothing sent)
  2  plan --detailed-exitcode only: changes pending
  3  the deployment finished and at least one service failed or was cancelled
  4  --timeout passed; the deployment may still be running (its request id is printed)
  5  the Qovery API refused or could not be reached after retries
  130/143  apply was interrupted (SIGINT/SIGTERM); the requests it names may still be running
  With several files, the most severe code wins (an interrupt, 5, 4, 3, 1, then 2, then 0).

Environment variables read:
  ${TOKEN_VARIABLES[0].padEnd(30)}the API token (render of names, plan, apply, status, init)
  ${TOKEN_VARIABLES.slice(1).join(', ')}
                                used when ${TOKEN_VARIABLES[0]} is not set
  QOVERY_API_URL                the API base URL (default https://api.qovery.com; --api-url wins)
  GITHUB_WORKSPACE, CI_PROJECT_DIR
                                the workspace local \`repository:\` paths must stay in (--workspace wins)
  GITHUB_STEP_SUMMARY, GITHUB_OUTPUT
                                where --format github writes the job summary and the step outputs
  CI                            when set, apply never asks for confirmation
  NO_COLOR, FORCE_COLOR         turn colour off or on
  NODE_TLS_REJECT_UNAUTHORIZED  warned about when 0 (certificate checks off)
  and every \${VAR} a manifest names
`;
