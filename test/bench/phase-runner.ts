import { cpuPerDelivery, machineCpuMs, type CpuPerDelivery, type CpuSample } from './cpu-usage';
import { round, type PhaseResult } from './phase-result';

/** Where each part's CPU milliseconds so far are read: a child over IPC, Redis INFO, /proc. */
export type CpuParts = Record<string, () => Promise<number> | number>;

export async function sampleCpu(parts: CpuParts): Promise<CpuSample> {
  const sample: Record<string, number> = {};
  for (const [name, read] of Object.entries(parts)) sample[name] = await read();
  return { ...sample, machine: machineCpuMs() };
}

/** CPU per unit (delivery, request) between two samples, rounded for the results file. */
export function cpuPer(before: CpuSample, after: CpuSample, units: number): CpuPerDelivery {
  const cpu = cpuPerDelivery(before, after, units);
  return Object.fromEntries(
    Object.entries(cpu).map(([k, v]) => [k, round(v, 3)]),
  ) as CpuPerDelivery;
}

/**
 * Runs one phase, prints a progress line, adds CPU per delivery of `always`
 * and the phase's own parts (the worker, the API…), and keeps the result
 * under `key` (an empty key, a warm-up, is not kept).
 */
export function phaseRunner(ctx: { always: CpuParts; phases: Record<string, PhaseResult> }) {
  return async (
    key: string,
    name: string,
    description: string,
    parts: CpuParts,
    run: (name: string) => Promise<PhaseResult>,
  ): Promise<PhaseResult> => {
    process.stdout.write(`${name}: ${description}… `);
    const all = { ...ctx.always, ...parts };
    const before = await sampleCpu(all);
    const result = await run(name);
    const cpu = cpuPer(before, await sampleCpu(all), result.delivered);
    result.cpuMsPerDelivery = cpu;
    console.log(
      `${result.deliveriesPerSecond.toFixed(0)} deliveries/s, p99 ${result.latencyMs.p99.toFixed(1)} ms, ` +
        `${cpu.total.toFixed(2)} CPU ms per delivery (${(result.elapsedMs / 1000).toFixed(1)} s)`,
    );
    if (key) ctx.phases[key] = result;
    return result;
  };
}
