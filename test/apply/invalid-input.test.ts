import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { hasStackTrace, ROOT, runCli } from '../helpers/cli.js';
import { canaryToken, expectNoSecret } from '../helpers/secrets.js';

const DIR = `${ROOT}test/corpus/invalid/`;
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
let sim: Simulator;
const token = canaryToken();

beforeAll(async () => {
  sim = await startSimulator({ token });
});
afterAll(() => sim.close());

describe('bad input never reaches the API (DESIGN.md §7)', () => {
  it.each(files)('apply %s: exit 1, file:line:col, no stack trace, no API call', async (file) => {
    const before = sim.requests.length;
    const result = await runCli(['apply', file], {
      cwd: DIR,
      env: { QOVERY_API_URL: sim.url, QOVERY_API_TOKEN: token },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`${file.replace(/\./g, '\\.')}:\\d+:\\d+: error: `));
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(sim.requests.length - before).toBe(0);
    expectNoSecret(token, result.stdout, result.stderr);
  });
});
