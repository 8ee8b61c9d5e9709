import { CSRF_HEADER, NOT_SIGNED_IN, SESSION_EXPIRED } from '@referral/dashboard-contract';
import { z } from 'zod';

/**
 * The API's error body (RFC 9457 problem details). The server's schema lives
 * in the API service, which the browser cannot import; this reads only what
 * the dashboard shows and tolerates the rest.
 */
const ProblemBody = z.object({
  type: z.string().default('about:blank'),
  title: z.string().default('Request failed'),
  status: z.number().optional(),
  detail: z.string().default(''),
  requestId: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type ProblemBody = z.infer<typeof ProblemBody>;

/** A non-2xx answer, or a body that does not match the contract. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly problem: ProblemBody,
  ) {
    super(problem.detail || problem.title);
  }

  /** Problem types are relative URIs (`/problems/session-expired`). */
  is(type: string): boolean {
    return this.problem.type === type || this.problem.type.endsWith(`/${type}`);
  }

  get sessionExpired(): boolean {
    return this.is(SESSION_EXPIRED);
  }

  /** The request needs a session the browser does not have (or no longer has). */
  get unauthenticated(): boolean {
    return this.status === 401 || this.is(NOT_SIGNED_IN) || this.sessionExpired;
  }

  fieldError(field: string): string | undefined {
    return this.problem.errors?.find((e) => e.field === field || e.field.endsWith(`.${field}`))
      ?.message;
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

/** A path with the defined query values, as the server's zod schemas read them back. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  query?: Query;
  body?: unknown;
  csrfToken?: string;
  signal?: AbortSignal;
}

/**
 * The dashboard's one way to call its API: same-origin with the session
 * cookie, problem JSON turned into an ApiError, the body checked against the
 * contract's schema so a drift shows as an error state, not as a blank cell.
 */
export async function request<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.infer<S>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.csrfToken) headers[CSRF_HEADER] = options.csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, {
      type: 'network-error',
      title: 'Network error',
      detail: 'The dashboard could not reach the server. Check your connection and retry.',
    });
  }
  const text = await response.text();
  const json: unknown = text ? safeJson(text) : null;
  if (!response.ok) {
    const parsed = ProblemBody.safeParse(json ?? {});
    throw new ApiError(
      response.status,
      parsed.success
        ? parsed.data
        : { type: 'about:blank', title: response.statusText, detail: '' },
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    console.error('Response does not match the contract', path, parsed.error.issues);
    throw new ApiError(response.status, {
      type: 'contract-mismatch',
      title: 'Unexpected response',
      detail: 'The server answered in a shape this dashboard does not understand. Reload the page.',
    });
  }
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** What to tell the partner when a view cannot load. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return 'Too many requests. Wait a moment, then retry.';
    if (error.status >= 500) return 'The server had a problem loading this. Retry in a moment.';
    return error.problem.detail || error.problem.title;
  }
  return 'Something went wrong loading this.';
}

/** The list's filter for its CSV export: everything but the page (the export starts at row 1). */
export function exportHref(
  path: string,
  search: Record<string, unknown> & { page?: unknown },
): string {
  const query: Query = {};
  for (const [key, value] of Object.entries(search)) {
    if (key !== 'page' && (typeof value === 'string' || typeof value === 'number'))
      query[key] = value;
  }
  return withQuery(path, query);
}
