import { entry } from './catalogue.js';

/**
 * The pull-request comment (`--pr-comment`, the Action's `comment: true`). Always warnings: a
 * comment that cannot be posted never fails a plan or an apply.
 */
export const githubCodes = {
  PR_COMMENT_SKIPPED: entry('invalid', (a: { reason: string }) => ({
    summary: `no pull-request comment: ${a.reason}`,
    hint: 'comment only on pull_request events; set GITHUB_TOKEN (the Action passes its github-token input)',
  })),
  PR_COMMENT_REFUSED: entry('invalid', (a: { number: number; environment: string }) => ({
    summary: `GitHub refused the comment on pull request #${a.number} for environment ${a.environment} (403)`,
    hint: 'the token cannot write pull-request comments: a fork’s pull request gets a read-only token; otherwise grant `permissions: pull-requests: write`',
  })),
  PR_COMMENT_FAILED: entry('invalid', (a: { number: number; environment: string; reason: string }) => ({
    summary: `the comment on pull request #${a.number} for environment ${a.environment} could not be posted: ${a.reason}`,
    hint: 'the plan itself is unaffected; check GITHUB_API_URL and the token',
  })),
} as const;
