import { describe, expect, it } from 'vitest';
import { catalogue, diagnostic, exitClassOf } from '../../src/diagnostics/index.js';
import { gitCodes } from '../../src/diagnostics/codes-git.js';
import { GIT_PROBLEM_CODES, type GitProblem } from '../../src/git/index.js';
import { notInstalled, shallowMissing } from '../../src/git/problems.js';

describe('git problem codes in the diagnostics catalogue', () => {
  it('lists exactly the codes src/git returns, all exiting as invalid input (exit 1)', () => {
    expect(Object.keys(gitCodes).sort()).toEqual([...GIT_PROBLEM_CODES].sort());
    for (const code of GIT_PROBLEM_CODES) {
      expect(code in catalogue, code).toBe(true);
      expect(exitClassOf(code), code).toBe('invalid');
      const words = gitCodes[code].word({});
      expect(words.summary.length, code).toBeGreaterThan(0);
      expect(words.hint?.length, code).toBeGreaterThan(0);
    }
  });

  it('turns a GitProblem into a Diagnostic unchanged', () => {
    const range = { filename: 'qovery-deploy.yaml', start: { line: 7, column: 13 }, end: { line: 7, column: 19 } };
    const problem: GitProblem = shallowMissing('HEAD~1', '/work/repo', 'the history it needs was not fetched');
    expect(diagnostic(problem.code, problem, range)).toEqual({
      code: 'GIT_SHALLOW_MISSING_COMMIT',
      severity: 'error',
      summary: problem.summary,
      hint: problem.hint,
      range,
    });
    const bare = notInstalled();
    expect(diagnostic(bare.code, bare)).toMatchObject({ code: 'GIT_NOT_INSTALLED', summary: bare.summary, hint: bare.hint });
    expect(diagnostic('GIT_NOT_INSTALLED', {})).toMatchObject({ summary: 'git is not installed or not on PATH' });
  });
});
