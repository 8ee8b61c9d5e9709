import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface OpsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The dispatcher's only HTTP surface, for Prometheus and probes:
 * `GET /metrics` and `GET /healthz`. Port 0 picks a free port.
 */
export async function startOpsServer(
  registry: Registry,
  host: string,
  port: number,
): Promise<OpsServer> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET') return void res.writeHead(405, { allow: 'GET' }).end();
    if (req.url === '/healthz') {
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    }
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
