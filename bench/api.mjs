// DESIGN.md §7: API calls before the POST are the same for 1 and 200 services; apply exits within
// one poll interval after the deployment ends. Both against the simulated API, from dist/.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './util.mjs';

const { startSimulator } = await import(`${ROOT}dist/simulator/index.js`);
const { main } = await import(`${ROOT}dist/cli.js`);

const ENV = '7a1b0c2d-0000-4000-8000-000000000001';
const uuid = (n) => `5e7c0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const sink = { write: () => true, isTTY: false };

/** A fixture of one environment with `count` containers. */
function fixture(count) {
  const services = Array.from({ length: count }, (_, i) => ({ kind: 'container', id: uuid(i + 1), name: `svc-${i}`, image: 'ghcr.io/acme/svc', version: '1.0.0' }));
  return { version: 1, organizations: [{ id: uuid(900001), name: 'Acme', projects: [{ id: uuid(900002), name: 'shop', environments: [{ id: ENV, name: 'production', services }] }] }] };
}

async function apply(dir, count, stages, extra = []) {
  const sim = await startSimulator({ fixture: fixture(count), stages });
  const file = join(dir, `m-${count}.yaml`);
  let text = `version: 1\nenvironment:\n  organization: Acme\n  project: shop\n  name: production\ncontainers:\n`;
  for (let i = 0; i < count; i++) text += `  - name: svc-${i}\n    image_tag: "2.0.0"\n`;
  writeFileSync(file, text);
  const code = await main(['apply', ...extra, file], { stdout: sink, stderr: sink, env: { PATH: process.env.PATH, QOVERY_API_URL: sim.url, QOVERY_API_TOKEN: sim.token }, cwd: dir });
  const exitedAt = Date.now();
  const log = [...sim.requests];
  const request = sim.state.requests[0];
  await sim.close();
  if (code !== 0) throw new Error(`apply of ${count} services exited ${code}`);
  return { log, request, exitedAt };
}

/** Figures for the API side. */
export async function measure() {
  const dir = mkdtempSync(join(tmpdir(), 'qd-bench-api-'));
  try {
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const fast = { queuedMs: 5, buildingMs: 10, deployingMs: 10 };
    const callsBefore = async (count) => {
      const { log } = await apply(dir, count, fast, ['--poll-interval', '20ms']);
      return log.findIndex((r) => r.method === 'POST');
    };
    const one = await callsBefore(1);
    const many = await callsBefore(200);

    // A deployment of about 3 s, polled from 1 s (the default), growing 1.5x per poll.
    const { log, request, exitedAt } = await apply(dir, 3, { queuedMs: 200, buildingMs: 1400, deployingMs: 1400 });
    // Wait polls only: the plan and the final check read statuses together with /services.
    const reads = log.filter((r) => r.method === 'GET' && r.path.endsWith('/services')).map((r) => r.receivedAt);
    const polls = log
      .filter((r) => r.method === 'GET' && r.path.endsWith('/statuses'))
      .map((r) => r.receivedAt)
      .filter((t) => !reads.some((s) => t - s >= 0 && t - s < 50));
    const lastInterval = polls.length >= 2 ? polls.at(-1) - polls.at(-2) : 1000;
    const latency = exitedAt - request.finishedAt;
    return [
      { figure: 'API calls before the POST: 200 services / 1 service', value: many / one, unit: 'x', target: 1, detail: `${many} calls / ${one} calls` },
      { figure: 'apply exit after the deployment ends / poll interval then', value: latency / lastInterval, unit: 'x', target: 1, detail: `${latency} ms / ${lastInterval} ms` },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
