import { readdirSync, readFileSync } from 'node:fs';
import { processCpuMs } from './cpu-usage';

// A backend's process title: `postgres: 15/main: <user> <database> <client>(<port>) <activity>`.
const BACKEND = /^postgres: [^:]+: \S+ (\S+) (?:\S+\(\d+\)|\[local\])/;

/**
 * A counter of the CPU milliseconds of the Postgres processes working for
 * `database`: its backends (each names its database in its process title)
 * and the server's own processes (postmaster, WAL writer, checkpointer,
 * background writer…), which serve every database. The backends of other
 * databases, other work on a shared server, are left out.
 *
 * Backends come and go (a pool closes idle connections), and one that exits
 * takes its whole lifetime's CPU with it. So the counter adds, at each read,
 * what each process used since the previous read (all of it for a new one);
 * what an exiting backend used since the previous read is lost.
 */
export function postgresCpuCounter(database: string): () => number {
  let last = new Map<number, number>();
  let total = 0;
  return () => {
    const now = postgresProcesses(database);
    for (const [pid, ms] of now) total += ms - (last.get(pid) ?? 0);
    last = now;
    return total;
  };
}

/** pid → CPU milliseconds so far, of the processes the counter follows. */
function postgresProcesses(database: string): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      const backend = BACKEND.exec(title);
      if (backend && backend[1] !== database) continue;
      found.set(Number(entry), processCpuMs(Number(entry)));
    } catch {
      // The process exited while we read it.
    }
  }
  return found;
}
