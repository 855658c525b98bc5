// `npm run demo`: qovery-deploy applying a manifest to a simulated Qovery API, twice.
//
// It starts the simulator in this process (examples/demo/fixture.json: one service of every kind),
// makes a throwaway git repository holding examples/demo/qovery-deploy.yaml (two commits and an
// annotated tag, so HEAD, HEAD~1 and v1.0.0 resolve), then runs the real CLI: the first apply
// deploys what changed, the second finds nothing to do and sends nothing. It builds dist/ only if
// it is missing (`npm install` builds it through `prepare`).
//
// QD_DEMO_STAGE_MS sets every simulated stage (queued, building, deploying) to that many ms; tests
// use it to run the demo in a couple of seconds.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const say = (line) => process.stdout.write(`demo: ${line}\n`);

/** The environment without variables that would point git or the CLI somewhere else. */
function cleanEnv() {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(GIT_|QOVERY_|Q_CLI_)/i.test(name) && name !== 'NIGHTLY_TAG') env[name] = value;
  }
  // The user's git configuration (hooks, signing, templates) stays out of the throwaway repository.
  return { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: devNull };
}

function stageDurations() {
  const ms = Number(process.env.QD_DEMO_STAGE_MS);
  if (Number.isFinite(ms) && ms >= 0 && process.env.QD_DEMO_STAGE_MS !== '') return { queuedMs: ms, buildingMs: ms, deployingMs: ms };
  return { queuedMs: 1000, buildingMs: 2000, deployingMs: 1500 };
}

function ensureBuilt() {
  if (existsSync(join(root, 'dist/simulator/index.js')) && existsSync(join(root, 'dist/bundle/cli.js'))) return;
  say('dist/ is missing: building it first (npm run build)');
  const windows = process.platform === 'win32';
  execFileSync(windows ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: windows });
}

/** A git repository in a temp folder with its own identity: two commits and the annotated tag v1.0.0. */
function makeRepository(env) {
  const repo = mkdtempSync(join(tmpdir(), 'qovery-deploy-demo-'));
  const identity = {
    ...env,
    GIT_AUTHOR_NAME: 'qovery-deploy demo',
    GIT_AUTHOR_EMAIL: 'demo@example.invalid',
    GIT_COMMITTER_NAME: 'qovery-deploy demo',
    GIT_COMMITTER_EMAIL: 'demo@example.invalid',
  };
  const git = (...args) =>
    execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgSign=false', '-c', 'tag.gpgSign=false', ...args], {
      cwd: repo,
      env: identity,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  git('init', '--quiet');
  copyFileSync(join(root, 'examples/demo/qovery-deploy.yaml'), join(repo, 'qovery-deploy.yaml'));
  writeFileSync(join(repo, 'CHANGELOG.md'), '# 1.0.0\n\nFirst release.\n');
  git('add', '--all');
  git('commit', '--quiet', '-m', 'First release');
  git('tag', '-a', 'v1.0.0', '-m', 'v1.0.0');
  writeFileSync(join(repo, 'CHANGELOG.md'), '# Unreleased\n\nA fix.\n\n# 1.0.0\n\nFirst release.\n');
  git('commit', '--quiet', '--all', '-m', 'A fix after 1.0.0');
  return repo;
}

/** Runs the real CLI with the terminal inherited, so its live progress view shows; resolves to its exit code. */
function runCli(args, cwd, env) {
  say(`$ qovery-deploy ${args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin/qovery-deploy.js'), ...args], { cwd, env, stdio: 'inherit' });
    child.on('error', (error) => {
      say(`could not start the CLI: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  });
}

async function main() {
  ensureBuilt();
  const { startSimulator, loadFixtureFile } = await import(pathToFileURL(join(root, 'dist/simulator/index.js')).href);
  const fixture = await loadFixtureFile(join(root, 'examples/demo/fixture.json'));
  const env = cleanEnv();
  let interrupted = false;
  // Ctrl+C reaches the CLI too; this process stays up long enough to stop the simulator and clean up.
  process.on('SIGINT', () => {
    interrupted = true;
  });

  const sim = await startSimulator({ fixture, stages: stageDurations() });
  let repo;
  const codes = [];
  try {
    say(`simulated Qovery API on ${sim.url}: Acme/shop/production, one service of every kind`);
    try {
      repo = makeRepository(env);
    } catch (error) {
      say(`could not make the demo git repository (is git installed?): ${String(error.message ?? error).split('\n')[0]}`);
      return 1;
    }
    say(`throwaway git repository ${repo}: two commits and the annotated tag v1.0.0`);
    const cliEnv = { ...env, QOVERY_API_URL: sim.url, QOVERY_API_TOKEN: sim.token };
    // --yes: apply asks before deploying on an interactive terminal; the demo shows the run itself.
    const args = ['apply', '--yes', 'qovery-deploy.yaml'];

    say('first apply: the services whose version differs are deployed, in one deployment request');
    codes.push(await runCli(args, repo, cliEnv));
    if (!interrupted) {
      say('second apply of the same commit: everything already runs the wanted version, so nothing is sent');
      codes.push(await runCli(args, repo, cliEnv));
    }
  } finally {
    const sent = sim.requestsTo('POST', '/environment/:id/service/deploy').length + sim.requestsTo('POST', '/terraform/:id/deploy').length;
    await sim.close();
    if (repo) rmSync(repo, { recursive: true, force: true });
    if (codes.length > 0) say(`apply exit codes: ${codes.join(', ')} (0 = success or nothing to do)`);
    say(`${sent} deploy request${sent === 1 ? '' : 's'} sent`);
  }
  if (interrupted) return 130;
  return codes.find((code) => code !== 0) ?? 0;
}

process.exitCode = await main();
