import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Redis } from 'ioredis';

// /proc/stat counts in USER_HZ ticks, 100 per second on every Linux build we run on.
const MS_PER_TICK = 10;

/**
 * CPU milliseconds used so far by each part of the bench (producer, worker,
 * api, receiver, redis, postgres, softirq…: whatever a phase runs), and by
 * the whole machine.
 */
export interface CpuSample {
  machine: number;
  [part: string]: number;
}

/**
 * CPU milliseconds per delivery (or request) over a phase, by part. `total`
 * is the parts' sum: the bench's own CPU. `other` is the rest of the
 * machine's: work that is not the bench's (about 0 on a quiet machine).
 */
export interface CpuPerDelivery {
  total: number;
  other: number;
  [part: string]: number;
}

export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** /proc/stat's first line: CPU ticks of every core since boot, by kind. */
function machineTicks(): number[] | undefined {
  try {
    return readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
  } catch {
    return undefined;
  }
}

/**
 * Busy CPU time summed over every core since boot. On Linux it is read from
 * /proc/stat, because os.cpus() leaves out softirq time, where loopback
 * networking does much of its work.
 */
export function machineCpuMs(): number {
  const ticks = machineTicks();
  if (!ticks)
    return os.cpus().reduce((sum, { times: t }) => sum + t.user + t.nice + t.sys + t.irq, 0);
  const [user, nice, system, , , irq, softirq] = ticks;
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0)) * MS_PER_TICK;
}

/**
 * The machine's softirq time: where the kernel does much of the loopback
 * networking between the bench's processes, outside any process's own time.
 */
export function softirqMs(): number {
  return (machineTicks()?.[6] ?? 0) * MS_PER_TICK;
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
  let total = 0;
  for (const key of Object.keys(before)) {
    if (key === 'machine' || after[key] === undefined) continue;
    // Below 0 only when a process summed in a part (a Postgres backend) exited meanwhile.
    parts[key] = Math.max(0, after[key] - before[key]!) / deliveries;
    total += parts[key];
  }
  const machine = (after.machine - before.machine) / deliveries;
  return { ...parts, total, other: Math.max(0, machine - total) };
}

/** How busy the machine is over `ms` while the bench itself is idle, as % of all cores. */
export async function backgroundCpuPercent(ms = 2_000): Promise<number> {
  const start = machineCpuMs();
  const startedAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const elapsed = performance.now() - startedAt;
  return ((machineCpuMs() - start) / (elapsed * os.cpus().length)) * 100;
}
