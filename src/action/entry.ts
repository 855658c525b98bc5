// The Action's entry: bundled into action/index.js (npm run build:action), which action.yml runs
// with the runner's own Node 24: no install, no setup-node.
import { exitOnSignals } from '../cli.js';
import { runAction } from './main.js';

const env = { ...process.env };
// The inputs (tokens among them) stay in the copy the Action reads, out of the process environment.
for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name];
exitOnSignals();
process.exitCode = await runAction({ stdout: process.stdout, stderr: process.stderr, env, cwd: process.cwd() });
