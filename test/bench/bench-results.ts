import type { RequestPathResults } from './api-phases';
import type { BenchConfig } from './bench-config';
import type { FairnessResults } from './fairness-phase';
import type { PhaseResult } from './phase-result';
import type { RedisQueuedMemory } from './redis-memory';
import type { PostgresStorage } from './storage';

/** One target of the report: what was measured against its threshold. */
export interface Target {
  label: string;
  measured: number;
  unit: string;
  comparison: '>=' | '<=';
  threshold: number;
  result: 'PASS' | 'MISS';
}

/** Everything one `npm run bench` run measured: what report.ts prints and latest.json holds. */
export interface BenchResults {
  finishedAt: string;
  machine: Record<string, string | number>;
  config: BenchConfig;
  /** Machine CPU busy (% of all cores) before the phases, with the bench idle. */
  backgroundCpuPercent: number;
  /** The same, after the phases. */
  backgroundCpuPercentAfter: number;
  /** Receiver clock minus producer clock; latencies are not corrected by it. */
  receiverClockOffsetMs: number;
  phases: Record<string, PhaseResult>;
  fullToBareThroughputRatio: number;
  /** Deliveries/s of events made through the API ÷ the bare pipeline's burst. */
  apiToBareThroughputRatio?: number;
  storage: { postgres: PostgresStorage; redis: RedisQueuedMemory };
  /** A healthy receiver beside a hung one, against alone (BENCH_FAIRNESS=false leaves it out). */
  fairness?: FairnessResults;
  requestPath?: RequestPathResults;
  /** The API's V8 CPU profile (BENCH_CPU_PROF=true), and where its time went. */
  apiCpuProfile?: { file: string; summary: string[] };
  targets: Record<string, Target>;
}
