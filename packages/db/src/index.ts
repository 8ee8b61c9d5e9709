export { createPool, withTransaction, type Pool, type PoolClient, type Queryable } from './pool';
export { migrate, ensureDatabase, MIGRATIONS_DIR } from './migrate';
export { newId } from './ids';
