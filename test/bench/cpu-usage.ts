import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Redis } from 'ioredis';

// /proc/stat counts in USER_HZ ticks, 100 per second on every Linux build we run on.
const MS_PER_TICK = 10;

/**
 * CPU milliseconds used so far by each part of the bench (producer, worker,
 * api, receiver, redis…: whatever a phase runs), and by the whole machine.
 */
export interface CpuSample {
  machine: number;
  [part: string]: number;
}

/**
 * CPU milliseconds per delivery (or request) over a phase, by part. `rest` is
 * the machine's CPU not used by the sampled parts: Postgres, mostly.
 */
export interface CpuPerDelivery {
  rest: number;
  total: number;
  [part: string]: number;
}

export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Busy CPU time summed over every core since boot. On Linux it is read from
 * /proc/stat, because os.cpus() leaves out softirq time, where loopback
 * networking does much of its work.
 */
export function machineCpuMs(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq] = fields.slice(1).map(Number);
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0)) * MS_PER_TICK;
  } catch {
    return os.cpus().reduce((sum, { times: t }) => sum + t.user + t.nice + t.sys + t.irq, 0);
  }
}

/**
 * CPU time of another process of this machine (one not forked with IPC, such
 * as the API), from /proc/<pid>/stat: utime and stime, fields 14 and 15.
 */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after it do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
}

export async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const seconds = (key: string) =>
    Number(new RegExp(`^${key}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1000;
}

export function cpuPerDelivery(
  before: CpuSample,
  after: CpuSample,
  deliveries: number,
): CpuPerDelivery {
  const parts: Record<string, number> = {};
  let own = 0;
  for (const key of Object.keys(before)) {
    if (key === 'machine' || after[key] === undefined) continue;
    parts[key] = (after[key] - before[key]!) / deliveries;
    own += parts[key];
  }
  const total = (after.machine - before.machine) / deliveries;
  return { ...parts, rest: Math.max(0, total - own), total };
}

/** How busy the machine is over `ms` while the bench itself is idle, as % of all cores. */
export async function backgroundCpuPercent(ms = 2_000): Promise<number> {
  const start = machineCpuMs();
  const startedAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const elapsed = performance.now() - startedAt;
  return ((machineCpuMs() - start) / (elapsed * os.cpus().length)) * 100;
}
