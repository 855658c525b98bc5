/**
 * The git process groups still running, so that an interrupted run can end them. Kept apart from
 * run-git.ts (and free of imports) so the CLI's signal handlers can reach it without loading git.
 */

/** Process groups exist on POSIX only; on Windows the tree is ended with taskkill (see run-git.ts). */
export const GROUPS = process.platform !== 'win32';
const live = new Set<number>();
let exitHookInstalled = false;

/** Records a git process that leads its own process group; it is killed if Node exits first. */
export function trackGitProcess(pid: number): void {
  live.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', killGitProcesses);
}

/** Forgets a git process that has ended. */
export function untrackGitProcess(pid: number): void {
  live.delete(pid);
}

/**
 * Kills every git process group still running (git and the transports it started, which would
 * otherwise outlive us: they run in their own session, out of reach of a terminal's Ctrl-C).
 * Signal handlers call it before exiting; Node's 'exit' event calls it too.
 */
export function killGitProcesses(): void {
  for (const pid of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  live.clear();
}
