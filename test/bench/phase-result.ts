import type { CpuPerDelivery } from './cpu-usage';
import type { LoadPlan, LoadRun } from './load';
import type { Receipts } from './receiver';

export interface LatencySummary {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface PhaseResult {
  name: string;
  plan: LoadPlan;
  events: number;
  /** Sent and received; latency covers these. */
  delivered: number;
  /** Sent but never received (should be 0: the phase waits for every one). */
  missing: number;
  /** Received more than once. */
  duplicates: number;
  /** First send started → last receipt. */
  elapsedMs: number;
  deliveriesPerSecond: number;
  sendsPerSecond: number;
  /** How far behind schedule the last paced send started. */
  scheduleLagMs: number;
  /** Start stamp (commit, or enqueue for the bare pipeline) → receipt. */
  latencyMs: LatencySummary;
  /** Pipeline-specific figures (attempt failures, post-commit enqueue time…). */
  details: Record<string, number>;
  /** CPU milliseconds per delivery by process; `total` is the bench's, `other` the rest of the machine's. */
  cpuMsPerDelivery?: CpuPerDelivery;
}

export function summarise(input: {
  name: string;
  plan: LoadPlan;
  run: LoadRun;
  /** id → the stamp latency is measured from. */
  startedAt: Map<string, number>;
  receipts: Receipts;
  details?: Record<string, number>;
}): PhaseResult {
  const { run, receipts } = input;
  const latencies: number[] = [];
  let lastReceipt = run.startedAt;
  for (const [id, start] of input.startedAt) {
    const receivedAt = receipts.at.get(id);
    if (receivedAt === undefined) continue;
    latencies.push(receivedAt - start);
    lastReceipt = Math.max(lastReceipt, receivedAt);
  }
  const elapsedMs = lastReceipt - run.startedAt;
  return {
    name: input.name,
    plan: input.plan,
    events: run.sent,
    delivered: latencies.length,
    missing: input.startedAt.size - latencies.length,
    duplicates: receipts.duplicates,
    elapsedMs: round(elapsedMs),
    deliveriesPerSecond: round(latencies.length / (elapsedMs / 1000)),
    sendsPerSecond: round(run.sent / ((run.finishedAt - run.startedAt) / 1000)),
    scheduleLagMs: round(run.lagMs),
    latencyMs: summariseLatency(latencies),
    details: input.details ?? {},
  };
}

export function summariseLatency(values: number[]): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => round(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? NaN);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    p50: at(0.5),
    p90: at(0.9),
    p95: at(0.95),
    p99: at(0.99),
    max: at(1),
    mean: round(sum / sorted.length),
  };
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
