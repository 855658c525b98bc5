import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { main, type CliIO } from '../../src/cli.js';
import type { Clock } from '../../src/timing/clock.js';
import { canaryToken, expectNoSecret } from './secrets.js';

/** The repository root (tests run the real bin from here). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = `${ROOT}bin/qovery-deploy.js`;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  isTTY?: boolean;
  /** What the CLI reads answers from (a fake terminal in tests of apply's question). */
  stdin?: CliIO['stdin'];
  /** Terminal width stdout and stderr report. */
  columns?: number;
  /** Flags for node itself (spawnCli only), e.g. V8 flags that NODE_OPTIONS does not accept. */
  nodeFlags?: string[];
  /** The clock of an in-process run (runCli only); share a `virtualClock()` with the simulator. Default: the real clock. */
  clock?: Clock;
}

/**
 * Every CLI run in the tests carries a recognisable token (unless the test sets its own, or sets it
 * to undefined on purpose), pointed at a loopback port where nothing listens, so a run that talks
 * to the API when it should not fails fast and never leaves the machine.
 */
const DEFAULT_TOKEN = canaryToken();

function cliEnv(options: CliRunOptions): Record<string, string | undefined> {
  return { PATH: process.env.PATH, NO_COLOR: '1', QOVERY_API_TOKEN: DEFAULT_TOKEN, QOVERY_API_URL: 'http://127.0.0.1:9', ...options.env };
}

/**
 * The shared leak check (issue 7): the tokens a run had must appear in none of its outputs —
 * stdout, stderr, the GitHub step summary and step outputs — in any form we could print.
 */
export function expectNoTokenLeak(env: Record<string, string | undefined>, result: CliResult): void {
  const files = [env.GITHUB_STEP_SUMMARY, env.GITHUB_OUTPUT].filter((f): f is string => !!f && existsSync(f)).map((f) => readFileSync(f, 'utf8'));
  for (const token of [env.QOVERY_API_TOKEN, env.QOVERY_CLI_ACCESS_TOKEN, env.Q_CLI_ACCESS_TOKEN]) {
    if (token && token.trim().length >= 6) expectNoSecret(token, result.stdout, result.stderr, ...files);
  }
}

/** Runs the CLI in-process (fast), capturing what it writes; then runs the leak check. */
export async function runCli(argv: string[], options: CliRunOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const env = cliEnv(options);
  const tty = { isTTY: options.isTTY ?? false, ...(options.columns !== undefined ? { columns: options.columns } : {}) };
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s), ...tty },
    stderr: { write: (s: string) => (stderr += s), ...tty },
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    env,
    cwd: options.cwd ?? ROOT,
  });
  const result = { code, stdout, stderr };
  expectNoTokenLeak(env, result);
  return result;
}

/** Runs the real `qovery-deploy` bin (built dist/) as a child process; then runs the leak check. */
export function spawnCli(argv: string[], options: CliRunOptions = {}): Promise<CliResult> {
  // Only the built project waits for the build: elsewhere dist/ may be stale, missing, or being rebuilt.
  if (!inject('built')) throw new Error('spawnCli runs the built CLI: list this test file in BUILT in vitest.config.ts');
  const env = cliEnv(options);
  return new Promise((resolve) => {
    execFile(process.execPath, [...(options.nodeFlags ?? []), BIN, ...argv], { cwd: options.cwd ?? ROOT, env: env as NodeJS.ProcessEnv, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      const result = { code, stdout, stderr };
      expectNoTokenLeak(env, result);
      resolve(result);
    });
  });
}

/** A stack trace in output means an internal error leaked through. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+\(.+:\d+:\d+\)$/m.test(text) || /^\s+at .+:\d+:\d+$/m.test(text);
}
