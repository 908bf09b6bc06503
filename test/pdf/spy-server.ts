import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback server that records every request: a sealed page must send it none. */
export async function startSpyServer(): Promise<{
  url: string;
  requests: string[];
  openConnections: () => Promise<number>;
  stop: () => Promise<void>;
}> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.end('spy');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    openConnections: () => new Promise((resolve, reject) => server.getConnections((e, n) => (e ? reject(e) : resolve(n)))),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
