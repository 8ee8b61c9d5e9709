import { ApiError } from './api-error';
import { ProblemBody } from './problem-body';
import { UnreachableError } from './unreachable-error';

export interface AdminClientOptions {
  /** The API's base URL, e.g. http://localhost:3000. */
  apiUrl: string;
  /** The admin bearer token (the API's ADMIN_TOKEN). */
  token: string;
  /** Per request; an operator waits this long at most for an answer. */
  timeoutMs: number;
}

type Query = Record<string, string | number | undefined>;

/**
 * The admin API over fetch: a JSON answer, or an ApiError carrying the
 * problem, or an UnreachableError when nothing (or something else) answered.
 */
export class AdminClient {
  private readonly base: string;

  constructor(private readonly options: AdminClientOptions) {
    this.base = options.apiUrl.replace(/\/+$/, '');
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', withQuery(path, query));
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = this.base + path;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${this.options.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (err) {
      throw new UnreachableError(`cannot reach the API at ${this.base}: ${reason(err)}`);
    }
    const text = await response.text();
    const json = parseJson(text);
    if (response.ok) {
      if (json === undefined && text !== '') throw notTheApi(url, response);
      return json as T;
    }
    const problem = ProblemBody.safeParse(json);
    if (!problem.success) throw notTheApi(url, response);
    throw new ApiError(response.status, problem.data);
  }
}

/** Query values as the API's zod schemas read them back; undefined ones left out. */
function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

function notTheApi(url: string, response: Response): UnreachableError {
  const type = response.headers.get('content-type') ?? 'no content type';
  return new UnreachableError(
    `${url} answered ${response.status} with ${type}, not the admin API's JSON: is --api right?`,
  );
}

/** fetch hides the socket error in `cause` (ECONNREFUSED, ENOTFOUND) and names a timeout. */
function reason(err: unknown): string {
  if (err instanceof DOMException && err.name === 'TimeoutError') return 'no answer in time';
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.message) return cause.message;
  return err instanceof Error ? err.message : String(err);
}
