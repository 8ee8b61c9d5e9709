/**
 * What one HTTP attempt came to. Classified once, here: the delivery code only
 * asks `succeeded` and reads `retryAfterMs`.
 */
export type ErrorKind =
  | 'http_status'
  | 'timeout'
  | 'connection_refused'
  | 'connection_reset'
  | 'dns'
  | 'tls'
  | 'blocked_address'
  | 'network';

export interface AttemptOutcome {
  succeeded: boolean;
  statusCode?: number;
  errorKind?: ErrorKind;
  errorMessage?: string;
  /** Up to 4 KiB of the response body. */
  responseBody?: string;
  retryAfterMs?: number;
  durationMs: number;
}

const CODE_KINDS: Record<string, ErrorKind> = {
  ECONNREFUSED: 'connection_refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  ECONNRESET: 'connection_reset',
  EPIPE: 'connection_reset',
  UND_ERR_SOCKET: 'connection_reset',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
  BLOCKED_ADDRESS: 'blocked_address',
};

/** Map a thrown network error to its kind, looking through `cause` chains. */
export function classifyError(error: unknown): ErrorKind {
  for (let e = error as { name?: string; code?: string; cause?: unknown } | undefined; e;) {
    if (e.name === 'TimeoutError') return 'timeout';
    const kind = e.code && CODE_KINDS[e.code];
    if (kind) return kind;
    if (e.code && /^(ERR_TLS|CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO)/.test(e.code)) return 'tls';
    e = e.cause as typeof e;
  }
  return 'network';
}

export function errorMessage(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as { message?: string; cause?: unknown } | undefined; e;) {
    if (e.message) parts.push(e.message);
    e = e.cause as typeof e;
  }
  return parts.join(': ').slice(0, 500) || String(error);
}
