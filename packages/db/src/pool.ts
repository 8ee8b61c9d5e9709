import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything that runs a query: the pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'>;

// BIGINT (int8) and COUNT(*) come back as strings by default; our counts fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/**
 * Named (prepared) statements are the hot path's queries. Postgres would
 * re-plan each execution for its parameters, and planning cost more than
 * running them; a generic plan is made once per connection. The hot-path
 * queries are shaped (keyed joins, no parameter-dependent shortcuts) so that
 * the generic plan is the right one. The mode holds for every statement with
 * parameters, named or not: reads whose best plan depends on their values
 * use `readSnapshot`.
 */
export function createPool(url: string, options: { max?: number } = {}): Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 20,
    options: '-c plan_cache_mode=force_generic_plan',
  });
  // A client whose connection dies (Postgres stopped) emits 'error', and an
  // unheard 'error' crashes Node. The pool drops an idle one (and reports it
  // as its own 'error': services log it); a checked-out one has no pool
  // listener, but its query fails too and the pool drops it on release. So
  // listeners that only absorb the event are enough.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Run `fn` in one transaction: commit on return, roll back on throw. */
export function withTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>) {
  return inTransaction(pool, 'BEGIN', fn);
}

/**
 * Run ad-hoc reads in one read-only snapshot (a page and its count agree),
 * each statement planned for its own parameters. The pool forces generic
 * plans for the hot path; a search's best plan depends on its term: a rare
 * one reads a trigram index, a common one walks the sort order and stops.
 * Random reads are costed as SSD and cache make them (1.1, not the default
 * 4): a few hundred index lookups then beat hashing a whole table (a fee
 * search went from 67 to 32 ms on 100,000 fees).
 */
export function readSnapshot<T>(pool: Pool, fn: (db: Queryable) => Promise<T>) {
  return inTransaction(
    pool,
    `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
     SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL random_page_cost = 1.1`,
    fn,
  );
}

async function inTransaction<T>(
  pool: Pool,
  begin: string,
  fn: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
