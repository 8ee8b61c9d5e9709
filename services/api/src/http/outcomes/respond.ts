import { HttpProblem } from '../problem';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Outcome = { outcome: string };

/**
 * One resource's failure outcomes, each with the problem it becomes. `subject`
 * is what the request named (an id, the input that carried it); `result` is the
 * outcome's own value, for problems that say more than "no".
 */
export type ProblemTable = Record<string, (subject: never, result: never) => HttpProblem>;

type SubjectOf<T> =
  T extends Record<string, (subject: infer S, result: never) => HttpProblem> ? S : never;

/** Each table entry a result can reach must take that outcome's value. */
type Fits<R extends Outcome, S, T> = {
  [K in R['outcome'] & keyof T]: (subject: S, result: Extract<R, { outcome: K }>) => HttpProblem;
};

type SuccessMap<R extends Outcome, Failure> = {
  [K in Exclude<R['outcome'], Failure>]: (
    result: Extract<R, { outcome: K }>,
  ) => Reply | Promise<Reply>;
};

/**
 * Turn a package's discriminated-union result into a reply: failure outcomes
 * through the resource's problem table, the rest through `onSuccess`, one
 * entry per outcome. Handlers never build a problem themselves.
 */
export async function respond<R extends Outcome, T extends ProblemTable>(
  result: R,
  problems: T & NoInfer<Fits<R, SubjectOf<T>, T>>,
  subject: NoInfer<SubjectOf<T>>,
  onSuccess: NoInfer<SuccessMap<R, keyof T>>,
): Promise<Reply> {
  if (Object.hasOwn(problems, result.outcome)) {
    const problem = problems[result.outcome] as (subject: SubjectOf<T>, result: R) => HttpProblem;
    throw problem(subject, result);
  }
  const map = onSuccess as unknown as Record<string, (r: R) => Reply | Promise<Reply>>;
  return map[result.outcome]!(result);
}

/** Lookups return undefined for "not yours or not there"; make that an outcome. */
export function found<T>(
  value: T | undefined,
): { outcome: 'found'; value: T } | { outcome: 'not_found' } {
  return value === undefined ? { outcome: 'not_found' } : { outcome: 'found', value };
}

/** What a request named: an id, and the input that carried it. */
export interface Subject {
  id: string;
  /** The input that named it; defaults to the path parameter `id`. */
  field?: string;
}

/** The 404 every resource shares: not there, or not yours (the same answer, on purpose). */
export function notFound(resource: string) {
  return (s: Subject) =>
    new HttpProblem({
      status: 404,
      title: 'Not Found',
      detail: `No ${resource} ${s.id} exists for you.`,
      errors: [{ field: s.field ?? 'id', message: `no such ${resource}` }],
    });
}

/** 409 for a disabled subscription: `which` names it, directly or through what it delivers. */
export function subscriptionDisabled(which: string, field: string) {
  return new HttpProblem({
    status: 409,
    type: 'subscription-disabled',
    title: 'Subscription disabled',
    detail:
      `${which} is disabled. Enable it first with POST /v1/webhooks/subscriptions/{id}/enable; ` +
      '{"replay": true} also re-sends its parked and failed deliveries.',
    errors: [{ field, message: 'subscription is disabled' }],
  });
}
