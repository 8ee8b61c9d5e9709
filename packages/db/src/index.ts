export { createPool, withTransaction, type Pool, type PoolClient, type Queryable } from './pool';
export { migrate, ensureDatabase, MIGRATIONS_DIR } from './migrate';
export { newId } from './ids';
export { decodeCursor, encodeCursor, idCursor, pageOf, toPage, type Page } from './pagination';
export { SqlParams } from './sql-params';
