import { readdirSync, readFileSync } from 'node:fs';
import { processCpuMs } from './cpu-usage';

// A backend's process title: `postgres: 15/main: <user> <database> <client>(<port>) <activity>`.
const BACKEND = /^postgres: [^:]+: \S+ (\S+) (?:\S+\(\d+\)|\[local\])/;

/**
 * CPU milliseconds so far of the Postgres processes working for `database`:
 * its backends (each names its database in its process title) and the
 * server's own processes (postmaster, WAL writer, checkpointer, background
 * writer…), which serve every database. The backends of other databases,
 * other work on a shared server, are left out. A backend that exits between
 * two samples takes its time with it; the pools' connections outlive a phase.
 */
export function postgresCpuMs(database: string): number {
  let ms = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      const backend = BACKEND.exec(title);
      if (backend && backend[1] !== database) continue;
      ms += processCpuMs(Number(pid));
    } catch {
      // The process exited while we read it.
    }
  }
  return ms;
}
