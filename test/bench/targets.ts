import { round } from './phase-result';
import type { BenchResults, Target } from './bench-results';

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
    threshold: round(threshold, 3),
    result: met ? 'PASS' : 'MISS',
  };
}

/**
 * The engine's targets (issue 12): ratios to the bare pipeline measured in
 * the same run, plus the absolute throughput, fan-out and fairness latencies. A target whose phases did not
 * run (BENCH_BARE_PACED=false, BENCH_API=false) is left out.
 */
export function issueTargets(
  results: Omit<BenchResults, 'targets'>,
  rate: number,
): Record<string, Target> {
  const { fullBurst, fullPaced, bareBurst, barePaced, apiBurst, fanOut } = results.phases;
  if (!fullBurst || !bareBurst) throw new Error('the burst phases are missing');
  const cpu = (p: typeof fullBurst) => p.cpuMsPerDelivery?.total ?? NaN;
  const targets: Record<string, Target> = {
    throughput: target(
      'Full path throughput',
      fullBurst.deliveriesPerSecond,
      'deliveries/s',
      '>=',
      5_000,
    ),
    burstRatio: target(
      'Burst: full ÷ bare deliveries/s',
      fullBurst.deliveriesPerSecond / bareBurst.deliveriesPerSecond,
      '',
      '>=',
      0.75,
    ),
    burstCpu: target(
      'Burst: full CPU per delivery (1.5 × bare)',
      cpu(fullBurst),
      'CPU ms',
      '<=',
      1.5 * cpu(bareBurst),
    ),
  };
  if (fullPaced && barePaced) {
    const { p50, p99 } = barePaced.latencyMs;
    targets.pacedP50 = target(
      `Paced ${rate}/s: full p50 (bare p50 + 5 ms)`,
      fullPaced.latencyMs.p50,
      'ms',
      '<=',
      p50 + 5,
    );
    targets.pacedP99 = target(
      `Paced ${rate}/s: full p99 (max(2 × bare, bare + 20 ms))`,
      fullPaced.latencyMs.p99,
      'ms',
      '<=',
      Math.max(2 * p99, p99 + 20),
    );
    targets.pacedCpu = target(
      `Paced ${rate}/s: full CPU per delivery (1.5 × bare)`,
      cpu(fullPaced),
      'CPU ms',
      '<=',
      1.5 * cpu(barePaced),
    );
  }
  if (apiBurst) {
    targets.apiRatio = target(
      'Through the API: deliveries/s ÷ bare burst',
      apiBurst.deliveriesPerSecond / bareBurst.deliveriesPerSecond,
      '',
      '>=',
      0.5,
    );
  }
  if (fanOut) {
    targets.fanOutP99 = target(
      `Fan-out to ${fanOut.details.subscriptions}: commit → receipt p99`,
      fanOut.latencyMs.p99,
      'ms',
      '<=',
      1_000,
    );
  }
  if (results.fairness) {
    targets.fairnessP99 = target(
      'Beside a hung receiver: healthy commit → receipt p99',
      results.fairness.withHungP99Ms,
      'ms',
      '<=',
      100,
    );
  }
  targets.redisPerDelivery = target(
    'Redis memory per queued delivery',
    results.storage.redis.bytesPerDelivery,
    'bytes',
    '<=',
    1_024,
  );
  return targets;
}
