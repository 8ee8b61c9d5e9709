import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { round, type PhaseResult } from './phase-result';

export interface Target {
  label: string;
  measured: number;
  unit: string;
  comparison: '>=' | '<=';
  threshold: number;
  result: 'PASS' | 'MISS';
}

export interface BenchResults {
  finishedAt: string;
  machine: Record<string, string | number>;
  config: Record<string, string | number | boolean>;
  /** Machine CPU busy (% of all cores) before the phases, with the bench idle. */
  backgroundCpuPercent: number;
  /** Receiver clock minus producer clock; latencies are not corrected by it. */
  receiverClockOffsetMs: number;
  phases: Record<string, PhaseResult>;
  fullToBareThroughputRatio: number;
  targets: Record<'throughput' | 'ratio' | 'pacedP99', Target>;
}

export function target(
  label: string,
  measured: number,
  unit: string,
  comparison: Target['comparison'],
  threshold: number,
): Target {
  const met = comparison === '>=' ? measured >= threshold : measured <= threshold;
  return {
    label,
    measured: round(measured, 3),
    unit,
    comparison,
    threshold,
    result: met ? 'PASS' : 'MISS',
  };
}

const STAGES = [
  ['eventToFanOut', 'event row → fan-out'],
  ['fanOutToAttempt', 'fan-out → attempt start'],
  ['attemptToRecorded', 'attempt start → recorded'],
  ['commitToPublishResolved', 'commit → publish() resolved'],
] as const;

export function formatReport(results: BenchResults): string {
  const { machine, config } = results;
  const phases = Object.values(results.phases);
  const full = phases.filter((p) => p.details.eventToFanOutP50Ms !== undefined);
  return [
    '',
    `Webhook delivery benchmark: ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}, ` +
      `Postgres ${machine.postgres}, Redis ${machine.redis}`,
    `delivery concurrency ${config.deliveryConcurrency}, fan-out concurrency ${config.fanOutConcurrency}, ` +
      `producer concurrency ${config.producerConcurrency}, warm-up ${config.warmupEvents} events (not counted)`,
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
    'Latency: full path from its COMMIT acknowledged to receipt; bare from just before queue.add to receipt.',
    `Full/bare throughput ratio: ${fmt(results.fullToBareThroughputRatio, 3)}`,
    '',
    `${'Target'.padEnd(52)}${'measured'.padStart(12)}   result`,
    ...Object.values(results.targets).map((t) => {
      const digits = t.unit === 'deliveries/s' ? 0 : t.unit === 'ms' ? 1 : 3;
      const rule = `${t.label} ${t.comparison === '>=' ? '≥' : '≤'} ${fmt(t.threshold, digits)} ${t.unit}`;
      return `${rule.padEnd(52)}${fmt(t.measured, digits).padStart(12)}   ${t.result}`;
    }),
    '',
    'Full path stages, p50 / p99 ms'.padEnd(34) + full.map((p) => p.name.padStart(26)).join(''),
    ...STAGES.map(([key, label]) => {
      const cell = (p: PhaseResult) =>
        `${fmt(p.details[`${key}P50Ms`] ?? NaN, 1)} / ${fmt(p.details[`${key}P99Ms`] ?? NaN, 1)}`;
      return `  ${label}`.padEnd(34) + full.map((p) => cell(p).padStart(26)).join('');
    }),
    '',
    row('CPU ms per delivery', 'producer', 'worker', 'receiver', 'redis', 'pg + other', 'total'),
    ...phases.map((p) => {
      const cpu = p.cpuMsPerDelivery ?? {};
      return row(
        p.name,
        ...['producer', 'worker', 'receiver', 'redis', 'rest', 'total'].map((k) =>
          fmt(cpu[k] ?? NaN, 3),
        ),
      );
    }),
    `(At T CPU ms per delivery, ${machine.cpus} CPUs cap throughput near ${machine.cpus} × 1000 / T per second.)`,
    '',
    ...phases.flatMap((p) => {
      const notes = [
        p.missing ? `${p.missing} never received` : '',
        p.duplicates ? `${p.duplicates} received twice` : '',
        p.details.failedAttempts ? `${p.details.failedAttempts} failed attempts` : '',
        p.scheduleLagMs > 50 ? `sends fell ${fmt(p.scheduleLagMs, 0)} ms behind schedule` : '',
      ].filter(Boolean);
      return notes.length ? [`Note, ${p.name}: ${notes.join(', ')}`] : [];
    }),
    `Receiver clock offset ${fmt(results.receiverClockOffsetMs, 3)} ms (not corrected).`,
    results.backgroundCpuPercent > 10
      ? `WARNING: the machine was ${fmt(results.backgroundCpuPercent, 0)}% busy before the phases ` +
        'with the bench idle; other work skews these figures.'
      : `Machine ${fmt(results.backgroundCpuPercent, 0)}% busy with the bench idle.`,
  ].join('\n');
}

export function writeResults(file: string, results: object): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

function row(name: string, ...cells: string[]): string {
  return name.padEnd(34) + cells.map((c) => c.padStart(13)).join('');
}

function fmt(value: number, digits: number): string {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}
