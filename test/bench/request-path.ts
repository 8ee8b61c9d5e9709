import autocannon from 'autocannon';
import type { ApiPartner } from './api-partners';
import type { CpuPerDelivery } from './cpu-usage';
import { cpuPer, sampleCpu, type CpuParts } from './phase-runner';
import { round } from './phase-result';

/** The route measured: authenticated, one indexed read, a small JSON page. */
export const REQUEST_PATH = '/v1/webhooks/subscriptions';

export interface RequestPathResult {
  name: string;
  seconds: number;
  connections: number;
  /** 2xx responses per second. */
  requestsPerSecond: number;
  requests: number;
  non2xx: number;
  errors: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  cpuMsPerRequest: CpuPerDelivery;
}

/**
 * `GET /v1/webhooks/subscriptions` against `url` with autocannon (in this
 * process) for `seconds`, `connections` in flight, after a warm-up of a fifth
 * of that; the requests take the partners' keys in turn, so every key stays
 * far under its rate limit. CPU per request by part over the measure.
 */
export async function measureRequestPath(
  name: string,
  url: string,
  partners: ApiPartner[],
  options: { connections: number; seconds: number; parts: CpuParts },
): Promise<RequestPathResult> {
  // One shared turn over the keys, so each key gets 1/n of the requests
  // whatever the connections do (autocannon rebuilds a request whose
  // setupRequest is a function before each send).
  const authorizations = partners.map((p) => `Bearer ${p.apiKey}`);
  let turn = 0;
  const requests = [
    {
      method: 'GET' as const,
      path: REQUEST_PATH,
      setupRequest: (request: autocannon.Request) => ({
        ...request,
        headers: { authorization: authorizations[turn++ % authorizations.length]! },
      }),
    },
  ];
  const load = (duration: number) =>
    autocannon({ url, connections: options.connections, duration, requests });

  process.stdout.write(`${name}: GET ${REQUEST_PATH}, ${options.connections} in flight… `);
  await load(Math.max(1, Math.round(options.seconds / 5)));
  const before = await sampleCpu(options.parts);
  const result = await load(options.seconds);
  const ok = result['2xx'];
  const cpu = cpuPer(before, await sampleCpu(options.parts), ok);
  const requestsPerSecond = ok / result.duration;
  console.log(
    `${requestsPerSecond.toFixed(0)} requests/s, p99 ${result.latency.p99} ms, ` +
      `${cpu.total.toFixed(2)} CPU ms per request`,
  );
  return {
    name,
    seconds: round(result.duration),
    connections: options.connections,
    requestsPerSecond: round(requestsPerSecond),
    requests: ok,
    non2xx: result.non2xx,
    errors: result.errors,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    cpuMsPerRequest: cpu,
  };
}
