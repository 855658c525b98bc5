/**
 * The preview environment's name: `--name`, or `pr-<number>` of the pull request (GitHub) or
 * merge request (GitLab) the pipeline runs for. Pure: the caller reads the event file.
 */

/** Where a name can come from. */
export interface NameSources {
  /** `--name`, when given. */
  flag?: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The parsed JSON of `GITHUB_EVENT_PATH`, when there is one. */
  githubEvent?: unknown;
}

/** The GitHub events whose payload carries the pull request. */
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

/** The pull request number of a GitHub event payload, when it is a pull request event. */
export function pullRequestNumber(event: unknown, eventName: string | undefined): number | undefined {
  if (eventName !== undefined && !PULL_REQUEST_EVENTS.has(eventName)) return undefined;
  if (event === null || typeof event !== 'object') return undefined;
  const pr = (event as { pull_request?: { number?: unknown } }).pull_request;
  const number = pr && typeof pr === 'object' ? pr.number : undefined;
  return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined;
}

/** The name to use, or undefined when none is given and the pipeline is not for a pull/merge request. */
export function previewName({ flag, env, githubEvent }: NameSources): string | undefined {
  if (flag !== undefined && flag.trim() !== '') return flag.trim();
  const github = env.GITHUB_ACTIONS === 'true' || env.GITHUB_EVENT_PATH ? pullRequestNumber(githubEvent, env.GITHUB_EVENT_NAME) : undefined;
  if (github !== undefined) return `pr-${github}`;
  const iid = env.CI_MERGE_REQUEST_IID;
  if (iid !== undefined && /^[1-9]\d*$/.test(iid)) return `pr-${iid}`;
  return undefined;
}

/** Qovery compares environment names case-insensitively. */
export const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
