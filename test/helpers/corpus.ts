import { readdirSync, readFileSync } from 'node:fs';
import { ROOT } from './cli.js';

/** The malformed-manifest corpus: one problem (or a few) per file. */
export const CORPUS_DIR = `${ROOT}test/corpus/invalid/`;
/** Every corpus file name, sorted. */
export const CORPUS_FILES = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** What `validate` must report for a corpus file. */
export interface Expectation {
  line: number;
  column: number;
  code: string;
  text: string;
}

/** Each corpus file states what it must produce: `# expect: LINE:COL CODE message substring`. */
export function expectationsOf(file: string): Expectation[] {
  return readFileSync(CORPUS_DIR + file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      const m = /^# expect: (\d+):(\d+) (\S+) ?(.*)$/.exec(line);
      return m ? [{ line: Number(m[1]), column: Number(m[2]), code: m[3]!, text: m[4]! }] : [];
    });
}
