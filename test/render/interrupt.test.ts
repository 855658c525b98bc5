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
import { commit, makeRepo, removeTempDirs } from '../helpers/git-fixture.js';

let server: Server;
let repo: string;
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
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  removeTempDirs();
});

const within = <T>(ms: number, promise: Promise<T>): Promise<T | 'deadline'> =>
  Promise.race([promise, new Promise<'deadline'>((resolve) => setTimeout(() => resolve('deadline'), ms).unref())]);

describe('an interrupted render (issue 10, item 8)', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`kills git's process group on ${signal} and exits ${code}`, async () => {
      const { port } = server.address() as { port: number };
      const file = `interrupt-${signal}.yaml`;
      writeFileSync(
        join(repo, file),
        `version: 1\nenvironment:\n  id: ${DEMO_IDS.environment}\napplications:\n  - id: ${DEMO_IDS.api}\n    commit: main\n    repository: http://127.0.0.1:${port}/x.git\n`,
      );
      const connected = new Promise<Socket>((resolve) => arrivals.push(resolve));
      const child = spawn(process.execPath, [BIN, 'render', file], { cwd: repo, env: { PATH: process.env.PATH, NO_COLOR: '1' }, stdio: 'ignore' });
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
