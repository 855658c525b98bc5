import { execa, type ResultPromise } from 'execa';
import { GROUPS, trackGitProcess, untrackGitProcess } from './process-groups.js';

/** How one git process ended. Never carries execa's own message (it prints the whole argv). */
export type GitOutcome =
  | { ok: true; stdout: string; stderr: string }
  | { ok: false; reason: 'not-installed' }
  | { ok: false; reason: 'timeout'; stderr: string }
  | { ok: false; reason: 'exit'; exitCode: number | undefined; stderr: string };

/** What `runGit` needs besides the argv. */
export interface RunGitOptions {
  cwd: string;
  /** The already-cleaned environment (see `gitEnv`); nothing else is inherited. */
  env: Record<string, string>;
  timeoutMs: number;
  onSpawn?: (file: string, args: readonly string[]) => void;
}

/** Everything a resolver needs to run git, filled once from `ResolveOptions`. */
export interface GitContext {
  env: Record<string, string>;
  timeoutMs: number;
  /** An empty folder outside any repository: where commands that must read no repository config run. */
  neutral: string;
  /** The folder repositories on this machine reached as remotes (`file://`, a clone's origin) must stay in. */
  workspace?: string;
  onSpawn?: (file: string, args: readonly string[]) => void;
}

/** Sends lines to git's stdin and resolves with as many answer lines, or undefined if git stopped. */
export type Ask = (lines: readonly string[]) => Promise<string[] | undefined>;

/**
 * Runs `git` with an argv array and stdin on /dev/null (never a TTY): no shell, no lookup in
 * node_modules/.bin, and a deadline that really holds (see `start`).
 */
export async function runGit(args: readonly string[], options: RunGitOptions): Promise<GitOutcome> {
  const run = start(args, options, 'ignore');
  return run.finish();
}

/**
 * Runs `git` as a conversation on stdin/stdout (`cat-file --batch-check` answers one line per
 * question): `converse` may ask several rounds of questions of the same process.
 */
export async function runGitSession<T>(
  args: readonly string[],
  options: RunGitOptions,
  converse: (ask: Ask) => Promise<T>,
): Promise<{ outcome: GitOutcome; value: T | undefined }> {
  const run = start(args, options, 'pipe');
  const { stdin, stdout } = run.subprocess;
  const received: string[] = [];
  let partial = '';
  let ended = false;
  let waiter: { count: number; resolve: (lines: string[] | undefined) => void } | undefined;
  const settle = (): void => {
    if (waiter && (received.length >= waiter.count || ended)) {
      const { count, resolve } = waiter;
      waiter = undefined;
      resolve(received.length >= count ? received.splice(0, count) : undefined);
    }
  };
  stdout?.setEncoding('utf8');
  stdout?.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    received.push(...lines.map((line) => line.replace(/\r$/, '')));
    settle();
  });
  stdout?.on('close', () => {
    ended = true;
    settle();
  });
  stdin?.on('error', () => undefined); // git may exit before reading everything (EPIPE)

  const ask: Ask = (lines) =>
    new Promise((resolve) => {
      if (ended || !stdin || stdin.destroyed) return resolve(undefined);
      waiter = { count: lines.length, resolve };
      stdin.write(lines.map((line) => `${line}\n`).join(''));
      settle();
    });
  let value: T | undefined;
  try {
    value = await converse(ask);
  } finally {
    stdin?.end();
  }
  return { outcome: await run.finish(), value };
}

/**
 * Starts git. git hands transports to child processes (git-remote-https, ssh) that keep the output
 * pipes open, so killing git alone would leave us waiting: on POSIX git starts in its own session
 * (which also takes away any terminal ssh could prompt on) and the deadline kills the whole group.
 */
function start(args: readonly string[], options: RunGitOptions, stdin: 'ignore' | 'pipe') {
  options.onSpawn?.('git', args);
  const subprocess: ResultPromise = execa('git', args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    shell: false,
    preferLocal: false,
    stdin,
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: { stdout: stdin === 'ignore', stderr: true },
    encoding: 'utf8',
    stripFinalNewline: false,
    detached: GROUPS,
    cleanup: !GROUPS,
    maxBuffer: 64 * 1024 * 1024,
    windowsHide: true,
    reject: false,
  });
  const pid = subprocess.pid;
  if (pid !== undefined && GROUPS) trackGitProcess(pid);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (pid !== undefined) killTree(pid);
  }, options.timeoutMs);

  const finish = async (): Promise<GitOutcome> => {
    const result = await subprocess;
    clearTimeout(timer);
    if (pid !== undefined) untrackGitProcess(pid);
    const stdout = typeof result.stdout === 'string' ? result.stdout : '';
    const stderr = typeof result.stderr === 'string' ? result.stderr : '';
    if (result.code === 'ENOENT' && result.exitCode === undefined) return { ok: false, reason: 'not-installed' };
    if (timedOut) return { ok: false, reason: 'timeout', stderr };
    if (result.failed) return { ok: false, reason: 'exit', exitCode: result.exitCode, stderr };
    return { ok: true, stdout, stderr };
  };
  return { subprocess, finish };
}

function killTree(pid: number): void {
  if (GROUPS) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
    return;
  }
  execa('taskkill', ['/PID', String(pid), '/T', '/F'], { reject: false, shell: false, preferLocal: false, stdio: 'ignore', windowsHide: true }).catch(
    () => undefined,
  );
}
