import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/**
 * Real `node:http` servers on loopback for one test file, closed (hung connections included)
 * after each test. Call at the top level of the file.
 */
export function loopbackServers(): { listen: (handler?: RequestListener) => Promise<{ server: Server; url: string }> } {
  const open: Server[] = [];
  afterEach(async () => {
    for (const server of open.splice(0)) {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
  return {
    listen: async (handler) => {
      const server = createServer(handler);
      open.push(server);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    },
  };
}

/** A loopback port nothing listens on (a connection to it is refused). */
export async function freePort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}
