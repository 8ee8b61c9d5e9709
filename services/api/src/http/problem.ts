import { z } from 'zod';

export const FieldError = z.object({
  field: z
    .string()
    .describe('Dotted path of the failing input: `url`, `eventTypes.2`, `data.amount`'),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldError>;

/** RFC 9457 problem details, the body of every error response. */
export const Problem = z.object({
  type: z
    .string()
    .describe('Identifies the kind of problem; `about:blank` when the status says it all'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  requestId: z.string().optional().describe('Quote it when you contact support'),
  errors: z.array(FieldError).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

interface ProblemInit {
  status: number;
  title: string;
  detail: string;
  /** A slug under /problems/; omitted means about:blank. */
  type?: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  /** Extension members (RFC 9457 §3.2): what the client needs to act on the problem. */
  extensions?: Record<string, unknown>;
}

/**
 * An expected 4xx (or a 503) on its way to the error middleware, which is the
 * only place that renders problem JSON.
 */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly type: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(init: ProblemInit) {
    super(init.detail);
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    // Relative type URIs (as in Zalando's guidelines): stable identifiers, not links to follow.
    this.type = init.type ? `/problems/${init.type}` : 'about:blank';
    this.errors = init.errors;
    this.headers = init.headers ?? {};
    this.extensions = init.extensions ?? {};
  }

  toJSON(requestId?: string): Problem {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...(requestId ? { requestId } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
      ...this.extensions,
    };
  }
}

/** 400 naming each failing field; `detail` replaces the generic sentence when there is more to say. */
export function validationProblem(errors: FieldError[], detail?: string): HttpProblem {
  return new HttpProblem({
    status: 400,
    type: 'validation-error',
    title: 'Invalid request',
    detail:
      detail ??
      `The request has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}: ${errors
        .map((e) => e.field)
        .join(', ')}.`,
    errors,
  });
}
