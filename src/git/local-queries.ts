/**
 * The questions one `git cat-file --batch-check` process is asked, and how its answers (plus what
 * it printed on stderr) become a decision. Every question is a line on stdin with `^{commit}`
 * peeling, so an annotated tag gives its commit and nothing can be read as an option.
 *
 * Round 1, one line per revision R: `R^{commit}`, i.e. what git itself makes of R. git also reports
 * on stderr (read once the process has ended; `core.warnAmbiguousRefs` is forced on):
 *   `warning: refname 'R' is ambiguous.`   R names several refs (a branch and a tag…), or a ref
 *                                          and a unique commit SHA prefix
 *   `error: short object ID R is ambiguous` R is a SHA prefix of several objects
 * Round 2, only for what round 1 left open (the same process, so still one process):
 *   R missing, and R could be a name:  `refs/remotes/origin/R^{commit}` (actions/checkout with
 *                                      fetch-depth: 0 creates no local branches, only origin/*)
 *   R all hex, resolved through a name (its commit does not start with R): `refs/heads/R`,
 *     `refs/tags/R`, and `qd probe-gR^{commit}` plus `qd probe-gR<d>^{commit}` for d in 0–f —
 *     git's describe-output syntax `<anything>-g<hex>` looks <hex> up among commit ids only, never
 *     among refs (the space makes the line impossible as a ref name). That tells whether R is also
 *     a prefix of other commits, including the case git does not warn about: several of them.
 */
import { isCommitId, type RefShape, refShape } from './ref-shape.js';

/** One answer of cat-file: a commit id, another kind of object, or why there is none. */
export type Answer = { sha: string } | 'other' | 'missing' | 'ambiguous';

/** The round-2 questions asked about one revision (line numbers in round 2). */
export interface FollowUp {
  origin?: number;
  heads?: number;
  tags?: number;
  prefix: number[];
}

/** What git said on stderr about the revisions, by the name it was given (the part before ~ and ^). */
export interface StderrFacts {
  ambiguousRefnames: Set<string>;
  ambiguousShortShas: Set<string>;
}

/** What the answers say about one revision. */
export type LocalDecision =
  | { sha: string }
  | { ambiguous: string }
  | { ambiguousShortSha: true }
  | { missing: 'head' | 'commit' | 'history' | 'name' | 'hex' };

const PROBE = 'qd probe-g';
const HEX_DIGITS = '0123456789abcdef';

/** Round 1: one question per (safe, distinct) revision. */
export function firstRound(refs: readonly string[]): string[] {
  return refs.map((ref) => `${ref}^{commit}`);
}

/** Round 2: follow-up questions for the revisions round 1 left open (often none). */
export function secondRound(refs: readonly string[], first: readonly Answer[]): { followUps: Map<string, FollowUp>; lines: string[] } {
  const lines: string[] = [];
  const ask = (line: string): number => lines.push(line) - 1;
  const followUps = new Map<string, FollowUp>();
  refs.forEach((ref, i) => {
    const shape = refShape(ref);
    const answer = first[i];
    if (answer === undefined) return;
    if (typeof answer !== 'object' && (shape === 'hex' || (shape === 'name' && !ref.startsWith('refs/')))) {
      followUps.set(ref, { origin: ask(`refs/remotes/origin/${ref}^{commit}`), prefix: [] });
    } else if (typeof answer === 'object' && shape === 'hex' && !answer.sha.startsWith(ref.toLowerCase())) {
      const followUp: FollowUp = { heads: ask(`refs/heads/${ref}^{commit}`), tags: ask(`refs/tags/${ref}^{commit}`), prefix: [ask(`${PROBE}${ref}^{commit}`)] };
      if (ref.length < 40) for (const digit of HEX_DIGITS) followUp.prefix.push(ask(`${PROBE}${ref}${digit}^{commit}`));
      followUps.set(ref, followUp);
    }
  });
  return { followUps, lines };
}

/** Parses `%(objectname) %(objecttype)` answer lines; undefined when they do not fit the questions. */
export function parseAnswers(lines: readonly string[] | undefined, count: number): Answer[] | undefined {
  if (lines === undefined || lines.length !== count) return undefined;
  const answers: Answer[] = [];
  for (const line of lines) {
    const found = /^([0-9a-f]+) ([a-z]+)$/.exec(line);
    if (found?.[1] !== undefined && isCommitId(found[1])) answers.push(found[2] === 'commit' ? { sha: found[1] } : 'other');
    else if (line.endsWith(' ambiguous')) answers.push('ambiguous');
    else if (/ (missing|dangling|loop|notdir)$/.test(line)) answers.push('missing');
    else return undefined;
  }
  return answers;
}

/** Reads the ambiguity reports git wrote on stderr. */
export function readStderr(stderr: string): StderrFacts {
  const facts: StderrFacts = { ambiguousRefnames: new Set(), ambiguousShortShas: new Set() };
  for (const line of stderr.split(/\r?\n/)) {
    const refname = /^warning: refname '(.*)' is ambiguous\.$/.exec(line);
    if (refname?.[1] !== undefined) facts.ambiguousRefnames.add(refname[1]);
    const short = /^error: short (?:SHA1|object ID) (\S+) is ambiguous$/.exec(line);
    if (short?.[1] !== undefined) facts.ambiguousShortShas.add(short[1]);
  }
  return facts;
}

/** The name git looks up for a revision: the revision without its `~N`, `^N` and `^{…}` steps. */
export function baseName(ref: string): string {
  return ref.replace(/(?:~\d*|\^\d*|\^\{[^}]*\})+$/, '');
}

/** Decides one revision from both rounds and the stderr facts (see the top of this file). */
export function decide(ref: string, first: Answer | undefined, followUp: FollowUp | undefined, second: readonly Answer[], facts: StderrFacts): LocalDecision {
  const shaAt = (index: number | undefined): string | undefined => {
    const answer = index === undefined ? undefined : second[index];
    return typeof answer === 'object' ? answer.sha : undefined;
  };
  const shape: RefShape = refShape(ref);
  const base = baseName(ref);
  if (typeof first === 'object') {
    if (followUp !== undefined && followUp.prefix.length > 0) {
      const others = [...new Set(followUp.prefix.map(shaAt))].filter((sha): sha is string => sha !== undefined && sha !== first.sha);
      if (others.length > 0) {
        const what = shaAt(followUp.tags) !== undefined ? 'the tag' : shaAt(followUp.heads) !== undefined ? 'the branch' : 'the ref';
        return { ambiguous: `it is ${what} ${ref} (${abbrev(first.sha)}) and a prefix of commit ${others.map(abbrev).join(', ')}` };
      }
    }
    if (facts.ambiguousRefnames.has(base)) {
      return { ambiguous: `git finds more than one branch, tag, remote-tracking branch or commit SHA prefix named ${base}` };
    }
    return first;
  }
  if (facts.ambiguousShortShas.has(base)) return { ambiguousShortSha: true };
  const origin = shaAt(followUp?.origin);
  if (origin !== undefined) return { sha: origin };
  switch (shape) {
    case 'head':
      return { missing: 'head' };
    case 'full-sha':
      return { missing: 'commit' };
    case 'relative':
      return { missing: 'history' };
    case 'hex':
      return { missing: 'hex' };
    default:
      return { missing: 'name' };
  }
}

function abbrev(sha: string): string {
  return sha.slice(0, 12);
}
