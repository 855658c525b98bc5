import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { GitHubError, tokenAuthor, upsertComment, type Author } from '../github/comments.js';
import { pullRequestTarget } from '../github/pull-request.js';
import { formatDiagnostic } from '../report/diagnostics-text.js';
import { annotation, workspaceOf } from '../report/github.js';
import type { RunEnd } from '../report/run/formats.js';
import { commentMarker, prCommentBody } from '../report/run/pr-comment.js';
import { GITHUB_TOKEN_VARIABLE } from '../secrets/tokens.js';
import { withoutMentions } from '../text/escape.js';
import type { CommandContext } from './context.js';
import type { RunFormat } from './run-output.js';

/**
 * `--pr-comment`: one sticky comment per environment on the pull request of this run, created the
 * first time and updated after. Whatever goes wrong is a warning: the run's exit code never changes.
 */
export async function commentOnPullRequest(ctx: CommandContext, end: RunEnd, format: RunFormat): Promise<void> {
  const warn = (d: Diagnostic) => {
    const warning = { ...d, severity: 'warning' as const };
    if (format === 'github') ctx.stdout.write(annotation(warning, workspaceOf(ctx)));
    else ctx.stderr.write(formatDiagnostic(warning, new Map(), ctx.colors));
  };
  const target = await pullRequestTarget(ctx.env);
  if ('problem' in target) return warn(diagnostic('PR_COMMENT_SKIPPED', { reason: target.problem }));
  const token = ctx.env[GITHUB_TOKEN_VARIABLE]?.trim();
  if (!token) return warn(diagnostic('PR_COMMENT_SKIPPED', { reason: 'GITHUB_TOKEN is not set' }));

  // Who the token is: asked once per run, when the first comment is written.
  let author: Promise<Author> | undefined;
  for (const [index, file] of end.files.entries()) {
    // A file that never got as far as its environment has nothing to be sticky to.
    const environment = file.plan?.environmentId ?? file.resolved?.environmentId;
    if (!environment) continue;
    // Everything GitHub receives goes through the redactor, like every other output, and then
    // loses its mentions (after: a zero-width space inside a token would hide it from the redactor).
    const body = withoutMentions(ctx.redact(prCommentBody(end.command, file, environment, end.codes[index] ?? end.exitCode)));
    try {
      author ??= tokenAuthor(target.apiUrl, token);
      const done = await upsertComment(target, token, await author, commentMarker(environment), body);
      ctx.stderr.write(`${done.action === 'created' ? 'Commented on' : 'Updated the comment on'} pull request #${target.number} for environment ${environment}.\n`);
    } catch (error) {
      const status = error instanceof GitHubError ? error.status : undefined;
      warn(
        status === 403
          ? diagnostic('PR_COMMENT_REFUSED', { number: target.number, environment })
          : diagnostic('PR_COMMENT_FAILED', { number: target.number, environment, reason: (error as Error).message }),
      );
    }
  }
}
