import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { createContext } from '../../src/commands/context.js';
import { fastCommand, validateOptions } from '../../src/commands/fast-path.js';
import { commandOf, requestedFormat } from '../../src/commands/argv.js';
import { buildProgram, runProgram } from '../../src/commands/program.js';
import type { ValidateCommandOptions } from '../../src/commands/validate.js';
import { VERSION } from '../../src/version.js';
import { ROOT, runCli, spawnCli } from '../helpers/cli.js';
import { HEADER, tempDir } from '../helpers/temp.js';

const { dir, write } = tempDir('qd-fast-path-');
write('qovery-deploy.yaml', `${HEADER}containers:\n  - name: web\n    image_tag: "1.0"\n`);

const sink = { write: () => true };
const quietContext = () => createContext({ stdout: sink, stderr: sink, env: {}, cwd: dir });

/** What the full commander program hands to validate for a command line (undefined: validate did not run). */
async function commanderValidate(argv: readonly string[]): Promise<ValidateCommandOptions | undefined> {
  let seen: ValidateCommandOptions | undefined;
  const program = buildProgram(quietContext(), 'text', () => undefined, async (options) => {
    seen = options;
    return 0;
  });
  await program.parseAsync([...argv], { from: 'user' });
  return seen;
}

/** Words of a command line: commands, operands and near misses of every kind. */
const WORDS = ['validate', 'schema', 'plan', 'a.yaml', 'b.yaml', '', '-', '--', '-h', '--help', '--version', '--verbose', '--git', '-x', '--only', '--formats'];
/** Values an option may be given: good ones, bad ones, ones that look like flags. */
const VALUES = ['json', 'github', 'text', 'xml', '', 'ws', '-x', '--offline', '--verbose', '--', 'a.yaml'];

/** A piece of a validate command line: an operand, a flag, a flag with its value (both spellings), or any word. */
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(['a.yaml'], ['b.yaml'], ['--no-git'], ['--offline'], ['--verbose']) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('--format', '--workspace'), fc.constantFrom(...VALUES)).map(([flag, value]) => [flag, value]) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('--format', '--workspace', '--no-git', '--offline'), fc.constantFrom(...VALUES)).map(([flag, value]) => [`${flag}=${value}`]) },
  { weight: 2, arbitrary: fc.constantFrom(...WORDS).map((word) => [word]) },
);

describe('the entry runs validate without commander, exactly as commander would', () => {
  it('every command line the fast path accepts, commander parses to the same validate options (or the same schema run)', async () => {
    const line = fc.oneof(
      fc.array(fc.constantFrom(...WORDS, ...VALUES), { maxLength: 6 }),
      fc
        .tuple(fc.array(fc.constantFrom('--verbose', '--format', 'json'), { maxLength: 2 }), fc.constantFrom('validate', 'schema'), fc.array(piece, { maxLength: 5 }))
        .map(([before, command, pieces]) => [...before, command, ...pieces.flat()]),
    );
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(line, async (argv) => {
        const fast = fastCommand(argv);
        if (!fast) return;
        accepted++;
        if (fast.name === 'validate') {
          expect(await commanderValidate(argv)).toEqual(validateOptions(fast.files, fast.flags));
        } else {
          // schema: commander takes the same line without a usage error (it prints to the sink).
          await expect(commanderValidate(argv)).resolves.toBeUndefined();
        }
      }),
      { numRuns: 3000, seed: 20261202 },
    );
    expect(accepted).toBeGreaterThan(150);
  });

  it('takes the everyday command lines, and leaves help, errors and the rest to commander', () => {
    for (const argv of [
      ['validate'],
      ['validate', 'a.yaml', 'b.yaml'],
      ['validate', '--format', 'json', 'a.yaml'],
      ['validate', '--format=github', '--no-git'],
      ['--verbose', 'validate', '--offline', '--workspace', '.', 'a.yaml'],
      ['schema'],
    ]) {
      expect(fastCommand(argv), argv.join(' ')).toBeDefined();
    }
    for (const argv of [
      [],
      ['--version'],
      ['--help'],
      ['validate', '--help'],
      ['validate', '--format', 'xml'],
      ['validate', '--workspace'],
      ['validate', '--format', '--offline'],
      ['validate', '--', '-a.yaml'],
      ['validate', '--nope'],
      ['schema', 'extra'],
      ['plan'],
      ['a.yaml', 'validate'],
    ]) {
      expect(fastCommand(argv), argv.join(' ')).toBeUndefined();
    }
  });

  it('prints the same as the full program, errors included', async () => {
    const bad = write('bad.yaml', `${HEADER}containers:\n  - name: web\n    imagetag: "1.0"\n`);
    const env = { PATH: process.env.PATH, NO_COLOR: '1' };
    for (const argv of [['validate', '--no-git', bad], ['validate', '--no-git', '--format', 'json', bad], ['validate', '--no-git', 'missing.yaml'], ['schema']]) {
      expect(fastCommand(argv)).toBeDefined();
      let stdout = '';
      let stderr = '';
      const ctx = createContext({ stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env, cwd: dir });
      const code = await runProgram(argv, ctx, requestedFormat(argv), commandOf(argv));
      expect(await runCli(argv, { cwd: dir, env: { QOVERY_API_TOKEN: undefined, QOVERY_API_URL: undefined } })).toEqual({ code, stdout, stderr });
    }
  });

  it('--version prints the package version, from the bin (which answers it without the CLI) and in-process', async () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    const expected = { code: 0, stdout: `${pkg.version}\n`, stderr: '' };
    expect(await spawnCli(['--version'])).toEqual(expected);
    expect(await runCli(['--version'])).toEqual(expected);
    // Not alone, it is commander's (and the same).
    expect(await spawnCli(['--verbose', '--version'])).toEqual(expected);
  });

  it('validate opens no stdin: only apply asks questions', async () => {
    let opened = 0;
    const io = {
      stdout: sink,
      stderr: sink,
      get stdin() {
        opened++;
        return process.stdin;
      },
      env: { PATH: process.env.PATH },
      cwd: dir,
    };
    expect(await main(['validate', '--no-git'], io)).toBe(0);
    expect(await main(['--verbose', 'validate', '--no-git', '--', 'qovery-deploy.yaml'], io)).toBe(0);
    expect(opened).toBe(0);
  });

  it('validate of a file without git refs loads neither commander, git, execa nor an HTTP client', async () => {
    // Node's own modules say what ran: commander and execa need child_process; the API client, fetch.
    const loaded = join(dir, 'loaded.txt');
    const preload = write(
      'record-modules.cjs',
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)}, process.moduleLoadList.join('\\n')));\n`,
    );
    const result = await spawnCli(['validate', 'qovery-deploy.yaml'], { cwd: dir, nodeFlags: ['-r', preload] });
    expect(result.code).toBe(0);
    const modules = readFileSync(loaded, 'utf8').split('\n');
    expect(modules).toContain('NativeModule fs');
    for (const name of ['child_process', 'http', 'https', 'tls', 'internal/deps/undici/undici']) expect(modules).not.toContain(`NativeModule ${name}`);
    // Node 20 starts CommonJS faster than ES modules: the bin runs validate from validate.cjs and
    // loads no ES module at all (Node ≥ 22 sets up its module loader for every entry anyway).
    if (Number(process.versions.node.split('.')[0]) < 22) expect(modules).not.toContain('NativeModule internal/modules/esm/module_job');
  });
});
