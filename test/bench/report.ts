import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RequestPathResults } from './api-phases';
import type { BenchResults } from './bench-results';
import type { PhaseResult } from './phase-result';
import type { RequestPathResult } from './request-path';

const STAGES = [
  ['eventToFanOut', 'event row → delivery row'],
  ['fanOutToAttempt', 'delivery row → attempt start'],
  ['attemptToRecorded', 'attempt start → recorded'],
  ['commitToPublishResolved', 'commit → publish() resolved'],
] as const;

const CPU_PARTS = [
  'producer',
  'api',
  'worker',
  'receiver',
  'redis',
  'postgres',
  'softirq',
  'total',
  'other',
] as const;

export function formatReport(results: BenchResults): string {
  const { machine, config } = results;
  const phases = Object.values(results.phases);
  const staged = phases.filter((p) => p.details.eventToFanOutP50Ms !== undefined);
  const col = 24;
  return [
    '',
    `Webhook delivery benchmark: ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}, ` +
      `Postgres ${machine.postgres}, Redis ${machine.redis}`,
    `delivery concurrency ${config.deliveryConcurrency}, ` +
      `producer concurrency ${config.producerConcurrency}, ${config.tenants} tenants (one * subscription each), ` +
      `warm-up ${config.warmupEvents} events (not counted)`,
    '',
    row('Phase', 'events', 'sends/s', 'deliveries/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'),
    row('-----', '------', '-------', '------------', '------', '------', '------', '------'),
    ...phases.map((p) =>
      row(
        p.name,
        String(p.events),
        fmt(p.sendsPerSecond, 0),
        fmt(p.deliveriesPerSecond, 0),
        ...[p.latencyMs.p50, p.latencyMs.p90, p.latencyMs.p99, p.latencyMs.max].map((v) =>
          fmt(v, 1),
        ),
      ),
    ),
    'Latency: full path, fan-out and fairness from the COMMIT acknowledged to receipt; through the API from the',
    'request sent to receipt; bare from just before queue.add to receipt.',
    `Full/bare throughput ratio: ${fmt(results.fullToBareThroughputRatio, 3)}` +
      (results.apiToBareThroughputRatio === undefined
        ? ''
        : `; through the API/bare: ${fmt(results.apiToBareThroughputRatio, 3)}`),
    ...formatFanOut(results.phases.fanOut),
    ...formatFairness(results.fairness),
    ...formatRequestPath(results.requestPath),
    ...formatStorage(results.storage),
    '',
    `${'Target (issue 12)'.padEnd(68)}${'measured'.padStart(10)}   result`,
    ...Object.values(results.targets).map((t) => {
      const digits = targetDigits(t.unit);
      const rule = `${t.label} ${t.comparison === '>=' ? '≥' : '≤'} ${fmt(t.threshold, digits)} ${t.unit}`;
      return `${rule.padEnd(68)}${fmt(t.measured, digits).padStart(10)}   ${t.result}`;
    }),
    '',
    'Stages, p50 / p99 ms'.padEnd(34) + staged.map((p) => short(p.name).padStart(col)).join(''),
    ...STAGES.map(([key, label]) => {
      const cell = (p: PhaseResult) => {
        const p50 = p.details[`${key}P50Ms`];
        return p50 === undefined ? '–' : `${fmt(p50, 1)} / ${fmt(p.details[`${key}P99Ms`]!, 1)}`;
      };
      return `  ${label}`.padEnd(34) + staged.map((p) => cell(p).padStart(col)).join('');
    }),
    '',
    cpuRow('CPU ms per delivery', ...CPU_PARTS),
    ...phases.map((p) => cpuRow(p.name, ...CPU_PARTS.map((k) => cpuCell(p.cpuMsPerDelivery?.[k])))),
    'total: the bench’s processes, its Postgres backends and the server’s own processes, Redis,',
    'and the kernel’s softirq (loopback networking); other: the rest of the machine (not the bench).',
    `(At T CPU ms per delivery, ${machine.cpus} CPUs cap throughput near ${machine.cpus} × 1000 / T per second.)`,
    '',
    ...notes(phases),
    `Receiver clock offset ${fmt(results.receiverClockOffsetMs, 3)} ms (not corrected).`,
    Math.max(results.backgroundCpuPercent, results.backgroundCpuPercentAfter) > 10
      ? `WARNING: with the bench idle the machine was ${fmt(results.backgroundCpuPercent, 0)}% busy ` +
        `before the phases and ${fmt(results.backgroundCpuPercentAfter, 0)}% after; other work ` +
        'skews these figures (its CPU shows as "other"; Postgres and Redis serve it too).'
      : `Machine ${fmt(results.backgroundCpuPercent, 0)}% busy with the bench idle before the phases, ` +
        `${fmt(results.backgroundCpuPercentAfter, 0)}% after.`,
    ...(results.apiCpuProfile
      ? [
          '',
          `API CPU profile: ${path.relative(process.cwd(), results.apiCpuProfile.file)}`,
          ...results.apiCpuProfile.summary.map((line) => `  ${line}`),
        ]
      : []),
  ].join('\n');
}

function formatFanOut(fanOut: PhaseResult | undefined): string[] {
  if (!fanOut) return [];
  const d = fanOut.details;
  return [
    '',
    `Fan-out: ${fanOut.events} events × ${d.subscriptions} subscriptions, commit → receipt ` +
      `p50 ${fmt(fanOut.latencyMs.p50, 1)} / p99 ${fmt(fanOut.latencyMs.p99, 1)} / max ${fmt(fanOut.latencyMs.max, 1)} ms; ` +
      `each event's last copy p50 ${fmt(d.eventCompleteP50Ms!, 1)} / max ${fmt(d.eventCompleteMaxMs!, 1)} ms`,
  ];
}

function formatFairness(f: BenchResults['fairness']): string[] {
  if (!f) return [];
  return [
    '',
    `Fairness, ${f.events} events per tenant: the healthy receiver's commit → receipt p50 / p99 ` +
      `${fmt(f.withHungP50Ms, 1)} / ${fmt(f.withHungP99Ms, 1)} ms beside a hung receiver, ` +
      `${fmt(f.aloneP50Ms, 1)} / ${fmt(f.aloneP99Ms, 1)} ms alone (p99 ratio ${fmt(f.p99Ratio, 2)})`,
    `The hung receiver held ${f.hungHeld} requests (cap ${f.maxInFlightPerSubscription}) with ` +
      `${f.hungPending} deliveries pending; released, it got ${f.hungDelivered} ` +
      `(${f.hungDuplicates} twice) in ${fmt(f.hungDrainSeconds, 1)} s`,
  ];
}

const REQUEST_CPU_PARTS = ['server', 'producer', 'redis', 'postgres', 'softirq', 'total', 'other'];

function formatRequestPath(paths: RequestPathResults | undefined): string[] {
  if (!paths) return [];
  const line = (r: RequestPathResult) => {
    const cpu = r.cpuMsPerRequest;
    return cpuRow(
      r.name,
      fmt(r.requestsPerSecond, 0),
      fmt(r.latencyMs.p50, 1),
      fmt(r.latencyMs.p99, 1),
      ...REQUEST_CPU_PARTS.map((k) => cpuCell(cpu[k])),
    );
  };
  const failed = [paths.api, paths.bare].filter((r) => r.non2xx || r.errors);
  return [
    '',
    cpuRow(
      'GET /v1/webhooks/subscriptions',
      ...['requests/s', 'p50 ms', 'p99 ms'],
      ...REQUEST_CPU_PARTS,
    ),
    line(paths.api),
    line(paths.bare),
    `API/bare requests/s: ${fmt(paths.ratio, 3)}, each the median of ${paths.api.rounds.length} rounds ` +
      `taken in turn (API ${rounds(paths.api)}; bare ${rounds(paths.bare)}).`,
    `Server … other: CPU ms per request over every round, as in the CPU table (producer: ` +
      `autocannon, in the main process; ${paths.api.connections} connections).`,
    ...failed.map((r) => `Note, ${r.name}: ${r.non2xx} non-2xx answers, ${r.errors} errors`),
  ];
}

function rounds(r: RequestPathResult): string {
  return r.rounds.map((v) => fmt(v, 0)).join(' / ');
}

function formatStorage({ postgres, redis }: BenchResults['storage']): string[] {
  const perTable = Object.entries(postgres.bytesPerDelivery)
    .filter(([name]) => name !== 'total')
    .map(([name, bytes]) => `${name} ${fmt(bytes, 0)}`)
    .join(', ');
  return [
    '',
    `Postgres after the burst: ${fmt(postgres.bytesPerDelivery.total, 0)} bytes per delivery over ` +
      `${fmt(postgres.deliveries, 0)} deliveries (${perTable}; tables, indexes and TOAST)`,
    `Redis with ${fmt(redis.deliveries, 0)} deliveries queued and no worker: ` +
      `+${fmt(redis.bytesPerDelivery, 0)} bytes per delivery under the bench's prefix ` +
      `(server used_memory: ${fmt(redis.usedMemoryDeltaBytes / redis.deliveries, 0)}); ` +
      `${fmt(redis.jobHashes, 0)} job hashes, one of ` +
      `${redis.sampleJobHashBytes === undefined ? '–' : fmt(redis.sampleJobHashBytes, 0)} bytes ` +
      `(MEMORY USAGE); drained in ${fmt(redis.drainSeconds, 1)} s, worker start-up included`,
  ];
}

function notes(phases: PhaseResult[]): string[] {
  return phases.flatMap((p) => {
    const notes = [
      p.missing ? `${p.missing} never received` : '',
      p.duplicates ? `${p.duplicates} received twice` : '',
      p.details.failedAttempts ? `${p.details.failedAttempts} failed attempts` : '',
      p.scheduleLagMs > 50 ? `sends fell ${fmt(p.scheduleLagMs, 0)} ms behind schedule` : '',
    ].filter(Boolean);
    return notes.length ? [`Note, ${p.name}: ${notes.join(', ')}`] : [];
  });
}

export function writeResults(file: string, results: object): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

/** A phase name short enough for a stage column. */
function short(name: string): string {
  return name
    .replace('Full path, ', '')
    .replace('Through the API, ', 'API, ')
    .replace(/^Fan-out to (\d+) subscriptions$/, 'fan-out to $1')
    .slice(0, 22);
}

function targetDigits(unit: string): number {
  if (unit === 'ms') return 1;
  if (unit === 'deliveries/s' || unit === 'bytes') return 0;
  return 3;
}

function cpuCell(value: number | undefined): string {
  return value === undefined ? '–' : fmt(value, 3);
}

function row(name: string, ...cells: string[]): string {
  return name.padEnd(34) + cells.map((c) => c.padStart(13)).join('');
}

function cpuRow(name: string, ...cells: string[]): string {
  return name.padEnd(34) + cells.map((c) => c.padStart(10)).join('');
}

function fmt(value: number, digits: number): string {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}
