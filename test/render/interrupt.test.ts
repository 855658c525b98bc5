/**
 * Issue 10, item 8: an interrupted run leaves no git behind. git runs in its own process group (so
 * its deadline can kill the transports it starts), which also puts it out of reach of the signal a
 * terminal or CI runner sends: the CLI must kill it on SIGINT/SIGTERM, and exit 130/143.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../src/simulator/index.js';
import { BIN } from '../helpers/cli.js';
import { commit, git, makeRepo, removeTempDirs, shallowClone } from '../helpers/git-fixture.js';

let server: Server;
let repo: string;
let shallow: string;
let arrivals: ((socket: Socket) => void)[] = [];
const sockets = new Set<Socket>();

beforeAll(async () => {
  // Accepts, then never says a word: git (git-remote-http) waits on it forever.
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.resume(); // read (and drop) the request, so that the peer's close is seen
    arrivals.shift()?.(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  repo = makeRepo();
  commit(repo, 'one');
  commit(repo, 'two');
  shallow = shallowClone(repo);
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  removeTempDirs();
});

const within = <T>(ms: number, promise: Promise<T>): Promise<T | 'deadline'> =>
  Promise.race([promise, new Promise<'deadline'>((resolve) => setTimeout(() => resolve('deadline'), ms).unref())]);

// validate runs from its own CommonJS file (dist/bundle/validate.cjs), render from the ES module
// bundle: each must reach the one registry of running git processes.
describe.each(['render', 'validate'])('an interrupted %s (issue 10, item 8)', (command) => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`kills git's process group on ${signal} and exits ${code}`, async () => {
      const { port } = server.address() as { port: number };
      const file = `interrupt-${command}-${signal}.yaml`;
      // render fetches the named repository; validate asks origin (only) about a revision a
      // shallow clone lacks. Either way git talks to the silent server.
      const cwd = command === 'render' ? repo : shallow;
      if (command === 'validate') git(shallow, ['remote', 'set-url', 'origin', `http://127.0.0.1:${port}/x.git`]);
      const source = command === 'render' ? `    commit: main\n    repository: http://127.0.0.1:${port}/x.git\n` : '    commit: not-fetched\n';
      writeFileSync(join(cwd, file), `version: 1\nenvironment:\n  id: ${DEMO_IDS.environment}\napplications:\n  - id: ${DEMO_IDS.api}\n${source}`);
      const connected = new Promise<Socket>((resolve) => arrivals.push(resolve));
      const child = spawn(process.execPath, [BIN, command, file], { cwd, env: { PATH: process.env.PATH, NO_COLOR: '1' }, stdio: 'ignore' });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (c, s) => resolve({ code: c, signal: s })));
      try {
        const socket = await within(30_000, connected);
        expect(socket, 'git never reached the server').not.toBe('deadline');
        const closed = new Promise<void>((resolve) => (socket as Socket).on('close', () => resolve()));
        child.kill(signal);
        expect(await within(30_000, exited)).toEqual({ code, signal: null });
        // git's transport held the connection open; only killing its group closes it.
        expect(await within(15_000, closed), 'git is still connected after the CLI exited').not.toBe('deadline');
      } finally {
        child.kill('SIGKILL');
        arrivals = [];
      }
    });
  }
});
