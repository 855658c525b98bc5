import { describe, expect, it } from 'vitest';
import { baseName, decide, firstRound, parseAnswers, readStderr, secondRound } from '../../src/git/local-queries.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = `cafe${'c'.repeat(36)}`;
const noFacts = { ambiguousRefnames: new Set<string>(), ambiguousShortShas: new Set<string>() };

describe('cat-file questions and answers', () => {
  it('asks one peeled question per revision in round 1', () => {
    expect(firstRound(['main', 'HEAD~1', 'v1.0'])).toEqual(['main^{commit}', 'HEAD~1^{commit}', 'v1.0^{commit}']);
  });

  it('asks round 2 only for missing names and hex values resolved through a name', () => {
    const refs = ['main', 'gone', 'HEAD~9', 'abcd123', 'cafe', A];
    const first = parseAnswers([`${A} commit`, 'gone^{commit} missing', 'HEAD~9^{commit} missing', `${A} commit`, `${C} commit`, `${A} commit`], 6);
    expect(first).toBeDefined();
    const { followUps, lines } = secondRound(refs, first ?? []);
    expect([...followUps.keys()]).toEqual(['gone', 'abcd123']);
    expect(lines[0]).toBe('refs/remotes/origin/gone^{commit}');
    expect(lines).toContain('qd probe-gabcd123^{commit}');
    expect(lines).toContain('qd probe-gabcd123f^{commit}');
    expect(lines).toHaveLength(1 + 2 + 17);
  });

  it('rejects answers that do not fit the questions', () => {
    expect(parseAnswers(['x'], 1)).toBeUndefined();
    expect(parseAnswers([`${A} commit`], 2)).toBeUndefined();
    expect(parseAnswers(undefined, 1)).toBeUndefined();
    expect(parseAnswers([`${A.slice(0, 39)} commit`], 1)).toBeUndefined();
    expect(parseAnswers([`${A} tag`, 'x ambiguous', 'y missing'], 3)).toEqual(['other', 'ambiguous', 'missing']);
  });

  it('reads the ambiguity reports from stderr', () => {
    const facts = readStderr(
      "warning: refname 'cafe123' is ambiguous.\nerror: short object ID 5f01 is ambiguous\nhint: The candidates are:\nerror: short SHA1 abcd is ambiguous\n",
    );
    expect([...facts.ambiguousRefnames]).toEqual(['cafe123']);
    expect([...facts.ambiguousShortShas]).toEqual(['5f01', 'abcd']);
  });

  it('finds the name git looks up', () => {
    expect(baseName('main~2')).toBe('main');
    expect(baseName('HEAD^2~3')).toBe('HEAD');
    expect(baseName('v1^{}')).toBe('v1');
    expect(baseName('release/1.x')).toBe('release/1.x');
  });

  it('decides: found, ambiguous by warning, ambiguous short SHA, origin fallback, missing kinds', () => {
    expect(decide('main', { sha: A }, undefined, [], noFacts)).toEqual({ sha: A });
    expect(decide('v1~1', { sha: A }, undefined, [], { ...noFacts, ambiguousRefnames: new Set(['v1']) })).toHaveProperty('ambiguous');
    expect(decide('5f01', 'missing', { origin: 0, prefix: [] }, ['missing'], { ...noFacts, ambiguousShortShas: new Set(['5f01']) })).toEqual({
      ambiguousShortSha: true,
    });
    expect(decide('main', 'missing', { origin: 0, prefix: [] }, [{ sha: B }], noFacts)).toEqual({ sha: B });
    expect(decide('main', 'missing', { origin: 0, prefix: [] }, ['missing'], noFacts)).toEqual({ missing: 'name' });
    expect(decide('HEAD~3', 'missing', undefined, [], noFacts)).toEqual({ missing: 'history' });
    expect(decide(A, 'missing', undefined, [], noFacts)).toEqual({ missing: 'commit' });
    expect(decide('HEAD', 'missing', undefined, [], noFacts)).toEqual({ missing: 'head' });
    const prefixed = decide('bbbb', { sha: A }, { heads: 0, tags: 1, prefix: [2, 3] }, [{ sha: A }, 'missing', 'missing', { sha: B }], noFacts);
    expect(prefixed).toEqual({ ambiguous: `it is the branch bbbb (${A.slice(0, 12)}) and a prefix of commit ${B.slice(0, 12)}` });
  });
});
