import type { Pool, PoolClient } from '@referral/db';
import { now } from './clock';

export interface CommitStamps {
  /** When the insert of this event was acknowledged committed; forgotten once taken. */
  take(eventId: string): number | undefined;
}

// Anywhere in the statement: a one-hop publish inserts the event in a CTE
// beside its deliveries.
const EVENT_INSERT = /\bINSERT INTO webhook_events\b/i;

/**
 * publish() resolves only after its enqueue, later than the commit latency is
 * measured from. So every client of `pool` watches for inserts into
 * webhook_events and stamps each event id when Postgres acknowledged its
 * commit: when the insert returns if it ran on its own (autocommit), when the
 * COMMIT returns if it ran inside a transaction. Bench instrumentation only;
 * the engine runs unchanged, whichever way it publishes.
 */
export function stampEventCommits(pool: Pool): CommitStamps {
  const stamps = new Map<string, number>();
  pool.on('connect', (client) => instrument(client, stamps));
  return {
    take(eventId) {
      const at = stamps.get(eventId);
      stamps.delete(eventId);
      return at;
    },
  };
}

function instrument(client: PoolClient, stamps: Map<string, number>): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  // Event ids inserted in the open transaction, stamped when it commits.
  let transaction: string[] | undefined;

  const stamped = (...args: unknown[]) => {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text;
    const values = Array.isArray(args[1]) ? args[1] : (args[0] as { values?: unknown[] }).values;
    let done: (() => void) | undefined;
    if (text === 'BEGIN') transaction = [];
    else if (text === 'ROLLBACK') transaction = undefined;
    else if (text === 'COMMIT') {
      const ids = transaction ?? [];
      transaction = undefined;
      done = () => ids.forEach((id) => stamps.set(id, now()));
    } else if (text && EVENT_INSERT.test(text) && values) {
      // The first parameter holds the event id, or the ids of a multi-row insert.
      const ids = ([] as unknown[])
        .concat(values[0])
        .filter((v): v is string => typeof v === 'string');
      const open = transaction;
      done = () => (open ? open.push(...ids) : ids.forEach((id) => stamps.set(id, now())));
    }
    if (!done) return query(...args);

    // pg-pool passes a callback; direct callers get a promise.
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      const callback = last as (err: unknown, result: unknown) => void;
      args[args.length - 1] = (err: unknown, result: unknown) => {
        if (!err) done();
        callback(err, result);
      };
      return query(...args);
    }
    const result = query(...args);
    return result instanceof Promise
      ? result.then((value: unknown) => {
          done();
          return value;
        })
      : result;
  };
  Object.assign(client, { query: stamped });
}
