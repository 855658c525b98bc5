import { appendFileSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { main, type CliIO } from '../cli.js';
import { mostSevere } from '../commands/exit-codes.js';
import { maskCommands, outputLines, workflowCommand } from '../report/github.js';
import type { TextSink } from '../report/io.js';
import { EXIT_MEANINGS } from '../report/run/pr-comment.js';
import { createRedactor, secretForms } from '../secrets/redact.js';
import { GITHUB_TOKEN_VARIABLE, normalizeToken, secretsFromEnv } from '../secrets/tokens.js';
import { expandGlobs } from './glob.js';
import { actionPlan, input, splitWords } from './inputs.js';

/** What the Action is given: the runner's streams, environment (INPUT_* included) and folder. */
export interface ActionIO {
  stdout: TextSink;
  stderr: TextSink;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/**
 * The GitHub Action (`runs.using: node24`): reads the inputs, masks the tokens before anything is
 * printed, runs the CLI in-process (its output redacted like the bin's), and sets the step outputs
 * `exitcode` and `changes`. Exit 2 of plan ("changes pending") is an output, not a failed step.
 * Resolves to the step's exit code.
 */
export async function runAction(io: ActionIO): Promise<number> {
  const env = io.env;
  // The CLI sees no INPUT_* variable: the tokens reach it as the variables it reads, nothing else.
  const cliEnv: Record<string, string | undefined> = Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('INPUT_')));
  const token = normalizeToken(input(env, 'token'));
  const githubToken = normalizeToken(input(env, 'github-token'));
  // An empty input keeps a token the job set in its own env.
  if (token) cliEnv.QOVERY_API_TOKEN = token;
  if (githubToken) cliEnv[GITHUB_TOKEN_VARIABLE] = githubToken;
  const secrets = secretsFromEnv(cliEnv);
  // First of all: the runner hides every form of every token from the log from here on.
  if (secrets.length > 0) io.stdout.write(maskCommands(new Set(secrets.flatMap(secretForms))));
  const redact = createRedactor(secrets);
  const say = (text: string) => io.stdout.write(redact(text));
  const setOutputs = (outputs: Record<string, string>) => {
    if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, redact(outputLines(outputs)));
  };

  const cwd = resolve(io.cwd, input(env, 'working-directory') || '.');
  const plan = actionPlan(env, expandGlobs(splitWords(input(env, 'files')), cwd));
  if ('problem' in plan) {
    say(workflowCommand('error', { title: 'qovery-deploy' }, plan.problem));
    setOutputs({ exitcode: '1' });
    return 1;
  }

  const before = byteSize(env.GITHUB_OUTPUT);
  const cli: CliIO = { stdout: io.stdout, stderr: io.stderr, env: cliEnv, cwd };
  const codes: number[] = [];
  // render and status take one file per run; the most severe exit code wins.
  for (const argv of plan.runs) codes.push(await main(argv, cli));
  const code = mostSevere(codes);

  // Outputs the CLI wrote itself (format github) are kept; what it did not write is filled in.
  const written = env.GITHUB_OUTPUT ? readFileSync(env.GITHUB_OUTPUT).subarray(before).toString('utf8') : '';
  const changes: Record<string, string> = plan.command === 'plan' && !/^changes[=<]/m.test(written) && (code === 0 || code === 2) ? { changes: String(code === 2) } : {};
  setOutputs({ exitcode: String(code), ...changes });

  if (code === 0) return 0;
  if (code === 2 && plan.command === 'plan') {
    say('qovery-deploy plan: changes pending (exit 2); the step succeeds and sets exitcode=2, changes=true\n');
    return 0;
  }
  const meaning = code === 2 ? `unexpected for ${plan.command}` : (EXIT_MEANINGS[code] ?? 'qovery-deploy could not run');
  say(`qovery-deploy ${plan.command} exited with ${code}: ${meaning}\n`);
  return code;
}

function byteSize(file: string | undefined): number {
  try {
    return file ? readFileSync(file).length : 0;
  } catch {
    return 0;
  }
}
