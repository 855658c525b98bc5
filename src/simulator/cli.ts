/**
 * Standalone simulator (`npm run sim`): starts the simulated Qovery API, prints its URL, token and
 * how to point qovery-deploy at it, and runs until SIGINT/SIGTERM.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadFixtureFile, startSimulator, type Simulator, type SimulatorOptions } from './index.js';

const USAGE = `Usage: npm run sim -- [options]

  --port <n>             port to listen on (default: a free port)
  --host <addr>          address to bind (default: 127.0.0.1)
  --fixture <file>       JSON fixture to seed from (default: the built-in demo: Acme / shop / production)
  --token <t>            API token to accept (default: a random qvsim_<hex>)
  --stage-ms <n>         duration of every stage (queued, building, deploying, canceling), in ms (default: 2000)
  --queued-ms <n>        duration of DEPLOYMENT_QUEUED
  --building-ms <n>      duration of BUILDING
  --deploying-ms <n>     duration of DEPLOYING
  --canceling-ms <n>     duration of CANCELING (a cancelled running deployment)
  --not-found-status <404|403>   status for environments the token cannot see (default: 404)
  --json                 print one JSON line {url, token} instead of the banner
  --verbose              print every request on stderr
  --help                 show this help`;

export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

function ms(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} expects a number of milliseconds, got "${value}"`);
  return n;
}

/** Parses the flags and starts the simulator; returns it (the caller decides when to close it). */
export async function runSimulatorCli(argv: string[], io: CliIo): Promise<Simulator | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      fixture: { type: 'string' },
      token: { type: 'string' },
      'stage-ms': { type: 'string' },
      'queued-ms': { type: 'string' },
      'building-ms': { type: 'string' },
      'deploying-ms': { type: 'string' },
      'canceling-ms': { type: 'string' },
      'not-found-status': { type: 'string' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(USAGE);
    return undefined;
  }
  const stage = ms(values['stage-ms'], '--stage-ms') ?? 2000;
  const notFound = values['not-found-status'];
  if (notFound !== undefined && notFound !== '404' && notFound !== '403') throw new Error('--not-found-status must be 404 or 403');
  const options: SimulatorOptions = {
    host: values.host ?? '127.0.0.1',
    port: values.port === undefined ? 0 : Number(values.port),
    stages: {
      queuedMs: ms(values['queued-ms'], '--queued-ms') ?? stage,
      buildingMs: ms(values['building-ms'], '--building-ms') ?? stage,
      deployingMs: ms(values['deploying-ms'], '--deploying-ms') ?? stage,
      cancelingMs: ms(values['canceling-ms'], '--canceling-ms') ?? stage,
    },
    notFoundStatus: notFound === '403' ? 403 : 404,
  };
  if (values.fixture !== undefined) options.fixture = await loadFixtureFile(values.fixture);
  if (values.token !== undefined) options.token = values.token;
  if (values.verbose) options.onRequest = (entry) => io.stderr(`${new Date(entry.receivedAt).toISOString()} ${entry.method} ${entry.path}`);
  const sim = await startSimulator(options);
  if (values.json) {
    io.stdout(JSON.stringify({ url: sim.url, token: sim.token }));
    return sim;
  }
  const lines = [
    `Qovery API simulator listening on ${sim.url}`,
    `Token: ${sim.token}`,
    '',
    'Environments:',
  ];
  const { state } = sim;
  for (const env of state.environments.values()) {
    const project = state.projects.get(env.projectId);
    const org = state.organizations.get(env.organizationId);
    lines.push(`  ${org?.name}/${project?.name}/${env.name}  ${env.id}  (${env.serviceIds.length} services)`);
  }
  lines.push(
    '',
    'Point qovery-deploy at it:',
    `  QOVERY_API_URL=${sim.url} QOVERY_API_TOKEN=${sim.token} qovery-deploy plan qovery-deploy.yaml`,
    '',
    'Press Ctrl+C to stop.',
  );
  io.stdout(lines.join('\n'));
  return sim;
}

async function main(): Promise<void> {
  const io: CliIo = { stdout: (line) => console.log(line), stderr: (line) => console.error(line) };
  let sim: Simulator | undefined;
  try {
    sim = await runSimulatorCli(process.argv.slice(2), io);
  } catch (error) {
    io.stderr(`qovery-sim: ${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 1;
    return;
  }
  if (!sim) return;
  const running = sim;
  const stop = (): void => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// Run only when executed directly (`node dist/simulator/cli.js`), not when imported by a test.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
