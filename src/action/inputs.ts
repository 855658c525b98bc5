/**
 * The Action's inputs, read as the runner passes them (`INPUT_<NAME>`: upper case, spaces as `_`,
 * hyphens kept), and the CLI runs they ask for.
 */

/** Every input with its default; action.yml declares the same (a test checks). */
export const INPUT_DEFAULTS = {
  command: 'validate',
  files: 'qovery-deploy.yaml',
  format: 'github',
  timeout: '30m',
  args: '',
  'api-url': '',
  token: '',
  'working-directory': '.',
  comment: 'false',
  'github-token': '',
  'cancel-on-timeout': 'false',
  'cancel-on-interrupt': 'false',
} as const;

export type InputName = keyof typeof INPUT_DEFAULTS;
type Env = Readonly<Record<string, string | undefined>>;

/** The variable the runner sets for an input. */
export function inputVariable(name: InputName): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** An input's value, trimmed as @actions/core does; the default when the runner gave none. */
export function input(env: Env, name: InputName): string {
  const value = env[inputVariable(name)];
  return value === undefined ? INPUT_DEFAULTS[name] : value.trim();
}

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE', ''];

/** A boolean input as YAML 1.2 spells it (what @actions/core's getBooleanInput accepts), or an error text. */
export function booleanInput(env: Env, name: InputName): boolean | { problem: string } {
  const value = input(env, name);
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  return { problem: `the ${name} input must be true or false` };
}

const COMMANDS = ['validate', 'plan', 'apply', 'render', 'status', 'preview-up', 'preview-down'] as const;
/** Commands that take one file per run. */
const ONE_FILE = new Set(['render', 'status', 'preview-up', 'preview-down']);

/** What the Action runs: one CLI command line, or one per file for render, status and preview. */
export interface ActionPlan {
  command: (typeof COMMANDS)[number];
  runs: string[][];
}

/**
 * The CLI command lines for these inputs, given the files already expanded. Values go in as
 * separate arguments (no shell), so quotes or `$(…)` in an input stay data.
 */
export function actionPlan(env: Env, files: readonly string[]): ActionPlan | { problem: string } {
  const command = input(env, 'command');
  if (!(COMMANDS as readonly string[]).includes(command)) {
    return { problem: `unknown command input "${command.replace(/[^\w-]/g, '')}": expected validate, plan, apply, render, status, preview-up or preview-down` };
  }
  const list = files.length > 0 ? files : [INPUT_DEFAULTS.files];
  // A preview's outputs (its environment, its URLs) name one environment: one manifest.
  if (command.startsWith('preview-') && list.length > 1) return { problem: `${command} takes one manifest file; the files input names ${list.length}` };
  const flags: Partial<Record<InputName, boolean>> = {};
  for (const name of ['comment', 'cancel-on-timeout', 'cancel-on-interrupt'] as const) {
    const value = booleanInput(env, name);
    if (typeof value !== 'boolean') return value;
    flags[name] = value;
  }
  const requested = input(env, 'format');
  // render and status have no github format: their text goes to the log.
  const format = (command === 'render' || command === 'status') && requested === 'github' ? 'text' : requested;
  // preview-up is `preview up`: the name of the preview comes from the pull request (or `args: --name …`).
  const argv = [...(command.startsWith('preview-') ? ['preview', command.slice('preview-'.length)] : [command]), '--format', format];
  // --detailed-exitcode makes "changes pending" visible (exit 2) so that the changes output is exact.
  if (command === 'plan') argv.push('--detailed-exitcode');
  const timeout = input(env, 'timeout');
  // preview-down keeps its own default (10m): the deletion is not a deployment.
  if ((command === 'apply' || command === 'preview-up') && timeout) argv.push('--timeout', timeout);
  const apiUrl = input(env, 'api-url');
  if (command !== 'validate' && apiUrl) argv.push('--api-url', apiUrl);
  if ((command === 'plan' || command === 'apply') && flags.comment) argv.push('--pr-comment');
  if (command === 'apply' && flags['cancel-on-timeout']) argv.push('--cancel-on-timeout');
  if (command === 'apply' && flags['cancel-on-interrupt']) argv.push('--cancel-on-interrupt');
  argv.push(...splitWords(input(env, 'args')));
  const runs = ONE_FILE.has(command) ? list.map((file) => [...argv, '--', file]) : [[...argv, '--', ...list]];
  return { command: command as ActionPlan['command'], runs };
}

/** Splits on spaces and newlines; no quotes, no globs (as documented for `args`). */
export function splitWords(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}
