import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, type Registry } from 'prom-client';
import { checkReadiness, type ReadinessProbes } from './readiness';

export interface OpsServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** What `/metrics` serves; the process's own metrics (CPU, memory, event loop) are added to it. */
  registry: Registry;
  /** What `/readyz` pings (Postgres, Redis). */
  readiness: ReadinessProbes;
}

export interface OpsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * A process's operations port, apart from any public one: `GET /metrics`
 * (Prometheus), `GET /healthz` (the process answers) and `GET /readyz` (its
 * dependencies answer: 200, else 503). Kept off the public port so that
 * neither the metrics nor the probes need a credential or leak internals.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const { registry, readiness } = options;
  // Once per registry: prom-client refuses a second registration of a name.
  if (!registry.getSingleMetric('process_cpu_seconds_total')) {
    collectDefaultMetrics({ register: registry });
  }
  const json = (res: http.ServerResponse, status: number, body: unknown) =>
    void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  const server = http.createServer((req, res) => {
    if (req.method !== 'GET') return void res.writeHead(405, { allow: 'GET' }).end();
    const path = new URL(req.url ?? '/', 'http://ops').pathname;
    if (path === '/healthz') return json(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      return void checkReadiness(readiness).then(({ ready, body }) =>
        json(res, ready ? 200 : 503, body),
      );
    }
    if (path !== '/metrics') return void res.writeHead(404).end();
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
