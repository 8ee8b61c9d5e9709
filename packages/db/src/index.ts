export {
  createPool,
  readSnapshot,
  withTransaction,
  type Pool,
  type PoolClient,
  type Queryable,
} from './pool';
export { migrate, ensureDatabase, MIGRATIONS_DIR, type MigrateOptions } from './migrate';
export { newId } from './ids';
export { ensureTimePartitions, type EnsuredPartitions } from './time-partitions';
export {
  countUpTo,
  decodeCursor,
  encodeCursor,
  idCursor,
  pageOf,
  toPage,
  type Page,
} from './pagination';
export { SqlParams } from './sql-params';
export { isDatabaseUnavailable } from './unavailable';
