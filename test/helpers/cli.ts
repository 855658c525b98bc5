import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli.js';

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
}

/** Runs the CLI in-process (fast), capturing what it writes. */
export async function runCli(argv: string[], options: CliRunOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.isTTY ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: options.isTTY ?? false },
    env: { PATH: process.env.PATH, NO_COLOR: '1', ...options.env },
    cwd: options.cwd ?? ROOT,
  });
  return { code, stdout, stderr };
}

/** Runs the real `qovery-deploy` bin (built dist/) as a child process. */
export function spawnCli(argv: string[], options: CliRunOptions = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...argv],
      {
        cwd: options.cwd ?? ROOT,
        env: { PATH: process.env.PATH, NO_COLOR: '1', ...options.env },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A stack trace in output means an internal error leaked through. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+\(.+:\d+:\d+\)$/m.test(text) || /^\s+at .+:\d+:\d+$/m.test(text);
}
