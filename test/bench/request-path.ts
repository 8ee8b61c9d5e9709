import autocannon from 'autocannon';
import type { ApiPartner } from './api-partners';
import type { CpuPerDelivery, CpuSample } from './cpu-usage';
import { round } from './phase-result';
import { cpuPer, sampleCpu, type CpuParts } from './phase-runner';

/** The route measured: authenticated, one indexed read, a small JSON page. */
export const REQUEST_PATH = '/v1/webhooks/subscriptions';
/** Rounds per side, taken in turn, so a burst of other work touches both sides alike. */
const ROUNDS = 3;

/** A server answering REQUEST_PATH, and where the CPU of each part of its measure is read. */
export interface RequestSide {
  name: string;
  url: string;
  parts: CpuParts;
}

export interface RequestPathResult {
  name: string;
  connections: number;
  /** 2xx responses per second: the median round's. */
  requestsPerSecond: number;
  /** Each round's 2xx responses per second. */
  rounds: number[];
  seconds: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** The median round's. */
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Over every round. */
  cpuMsPerRequest: CpuPerDelivery;
}

interface Round {
  result: autocannon.Result;
  before: CpuSample;
  after: CpuSample;
}

/**
 * `GET /v1/webhooks/subscriptions` against each side with autocannon (in
 * this process), `connections` in flight: a warm-up of a fifth of `seconds`
 * each, then `ROUNDS` rounds in which each side has `seconds / ROUNDS` in
 * turn. The requests take the partners' keys in turn, so every key stays far
 * under its rate limit.
 */
export async function compareRequestPaths(
  sides: RequestSide[],
  partners: ApiPartner[],
  options: { connections: number; seconds: number },
): Promise<RequestPathResult[]> {
  // autocannon rebuilds a request whose setupRequest is a function before each send.
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
  const load = (url: string, duration: number) =>
    autocannon({ url, connections: options.connections, duration, requests });

  const perRound = Math.max(1, Math.round(options.seconds / ROUNDS));
  process.stdout.write(
    `Request path: GET ${REQUEST_PATH}, ${options.connections} in flight, ` +
      `${ROUNDS} rounds of ${perRound} s per server… `,
  );
  for (const side of sides) await load(side.url, Math.max(1, Math.round(options.seconds / 5)));
  const rounds = new Map<RequestSide, Round[]>(sides.map((side) => [side, []]));
  for (let r = 0; r < ROUNDS; r += 1) {
    for (const side of sides) {
      const before = await sampleCpu(side.parts);
      const result = await load(side.url, perRound);
      rounds.get(side)!.push({ result, before, after: await sampleCpu(side.parts) });
    }
  }
  const results = sides.map((side) => summariseRounds(side.name, rounds.get(side)!, options));
  console.log(
    `${results.map((s) => `${s.name} ${s.requestsPerSecond.toFixed(0)}`).join(', ')} requests/s (median rounds)`,
  );
  return results;
}

function summariseRounds(
  name: string,
  rounds: Round[],
  options: { connections: number },
): RequestPathResult {
  const rate = (r: Round) => r.result['2xx'] / r.result.duration;
  const median = [...rounds].sort((a, b) => rate(a) - rate(b))[
    Math.floor((rounds.length - 1) / 2)
  ]!;
  // CPU over every round: the sum of each round's CPU, per part.
  const zero: CpuSample = { machine: 0 };
  const spent: CpuSample = { machine: 0 };
  for (const { before, after } of rounds) {
    for (const key of Object.keys(after)) {
      zero[key] = 0;
      spent[key] = (spent[key] ?? 0) + after[key]! - before[key]!;
    }
  }
  const sum = (pick: (r: autocannon.Result) => number) =>
    rounds.reduce((total, r) => total + pick(r.result), 0);
  const { latency } = median.result;
  return {
    name,
    connections: options.connections,
    requestsPerSecond: round(rate(median)),
    rounds: rounds.map((r) => round(rate(r))),
    seconds: round(sum((r) => r.duration)),
    requests: sum((r) => r['2xx']),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    latencyMs: { p50: latency.p50, p90: latency.p90, p99: latency.p99, max: latency.max },
    cpuMsPerRequest: cpuPer(
      zero,
      spent,
      sum((r) => r['2xx']),
    ),
  };
}
