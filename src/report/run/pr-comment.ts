import type { AppliedFile, PlannedFile } from '../../results.js';
import { tableCell } from '../../text/escape.js';
import { fileSection } from './github.js';

/** GitHub refuses a comment body over 65,536 characters. */
const MAX_COMMENT_CHARS = 65_000;

/** What each exit code means, as the comment and the Action's log say it. */
export const EXIT_MEANINGS: Readonly<Record<number, string>> = {
  0: 'success: nothing pending or everything deployed',
  1: 'invalid manifest, usage error or unresolvable git ref: nothing was sent',
  2: 'changes pending: `apply` would deploy the services marked 🚀',
  3: 'the deployment finished and at least one service failed or was cancelled',
  4: 'timed out waiting; the deployment may still be running',
  5: 'the Qovery API refused or could not be reached',
  130: 'interrupted (SIGINT); the deployment requests named above may still be running',
  143: 'interrupted (SIGTERM); the deployment requests named above may still be running',
};

/**
 * The hidden first line that finds the comment again on the next run: one per environment. Only
 * id characters are kept, so nothing can close the HTML comment early.
 */
export function commentMarker(environmentId: string): string {
  return `<!-- qovery-deploy:${environmentId.replace(/[^\w-]/g, '').replace(/-+/g, '-')} -->`;
}

/**
 * The sticky comment of one environment: the marker, the plan (or apply outcome) table as the job
 * summary shows it, and the exit code's meaning. Detail is dropped to fit GitHub's limit.
 */
export function prCommentBody(command: 'plan' | 'apply', file: PlannedFile | AppliedFile, environmentId: string, exitCode: number): string {
  const applied = command === 'apply' ? (file as AppliedFile) : undefined;
  const head = `${commentMarker(environmentId)}\n## qovery-deploy ${command} · environment \`${tableCell(environmentId)}\`\n\n`;
  const foot = `\n**Exit ${exitCode}**: ${EXIT_MEANINGS[exitCode] ?? 'qovery-deploy could not run'}.\n`;
  for (const detail of ['all', 'changed', 'none'] as const) {
    const body = `${head}${fileSection(file, applied, detail)}${foot}`;
    if (body.length <= MAX_COMMENT_CHARS) return body;
  }
  return `${head}_The plan is too long for a comment; see the job summary._\n${foot}`;
}
