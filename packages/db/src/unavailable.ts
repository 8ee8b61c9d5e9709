/**
 * Whether an error means the database cannot be reached (down, restarting,
 * the connection cut), as opposed to a query it refused. Such a failure is
 * the infrastructure's, not the request's: the API answers 503 and the
 * dispatcher pauses until Postgres answers again.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as Cause | undefined, depth = 0; e && depth < 5; e = e.cause, depth++) {
    if (typeof e.code === 'string' && (UNREACHABLE_CODES.has(e.code) || e.code.startsWith('08'))) {
      return true;
    }
    if (e instanceof AggregateError && e.errors.some(isDatabaseUnavailable)) return true;
    if (typeof e.message === 'string' && LOST_CONNECTION.test(e.message)) return true;
  }
  return false;
}

interface Cause {
  code?: unknown;
  message?: unknown;
  cause?: Cause;
}

const UNREACHABLE_CODES = new Set([
  // The socket: nothing listening, cut, or no route.
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  // SQLSTATE 57P01–57P03: the server is shutting down, crashed, or starting up.
  '57P01',
  '57P02',
  '57P03',
]);

// node-postgres reports a lost connection with these messages and no code.
const LOST_CONNECTION =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;
