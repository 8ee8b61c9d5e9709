import { HttpProblem } from './problem';

/** What a reply is about, so a problem can say which input failed. */
export interface Subject {
  resource: 'subscription' | 'delivery' | 'partner' | 'client' | 'link' | 'case' | 'transaction';
  id: string;
  /** The input that named it; defaults to the path parameter `id`. */
  field?: string;
}

/**
 * Every expected failure outcome of the packages, mapped to its HTTP problem.
 * This table is the one place an outcome gets a status.
 */
const failures = {
  not_found: (s: Subject) =>
    new HttpProblem({
      status: 404,
      title: 'Not Found',
      detail: `No ${s.resource} ${s.id} exists for you.`,
      errors: [{ field: s.field ?? 'id', message: `no such ${s.resource}` }],
    }),
  already_pending: (s: Subject) =>
    new HttpProblem({
      status: 409,
      type: 'delivery-pending',
      title: 'Delivery already pending',
      detail: `Delivery ${s.id} is still pending: it will be attempted again without asking.`,
      errors: [{ field: s.field ?? 'id', message: 'delivery is pending' }],
    }),
  subscription_disabled: (s: Subject) => {
    const which =
      s.resource === 'subscription'
        ? `Subscription ${s.id}`
        : `The subscription of ${s.resource} ${s.id}`;
    return new HttpProblem({
      status: 409,
      type: 'subscription-disabled',
      title: 'Subscription disabled',
      detail:
        `${which} is disabled. Enable it first with POST /v1/webhooks/subscriptions/{id}/enable; ` +
        '{"replay": true} also re-sends its parked and failed deliveries.',
      errors: [{ field: s.field ?? 'id', message: 'subscription is disabled' }],
    });
  },
  link_archived: (s: Subject) =>
    new HttpProblem({
      status: 409,
      type: 'link-archived',
      title: 'Link archived',
      detail: `Your link to ${s.resource} ${s.id} is archived. Ask the platform’s operators to restore it.`,
      errors: [{ field: s.field ?? 'id', message: 'link is archived' }],
    }),
} satisfies Record<string, (s: Subject) => HttpProblem>;

type Failure = keyof typeof failures;

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Outcome = { outcome: string };

type SuccessMap<R extends Outcome> = {
  [K in Exclude<R['outcome'], Failure>]: (
    result: Extract<R, { outcome: K }>,
  ) => Reply | Promise<Reply>;
};

/**
 * Turn a package's discriminated-union result into a reply: failure outcomes
 * through the table above, the rest through `onSuccess`, one entry per outcome.
 */
export async function respond<R extends Outcome>(
  result: R,
  subject: Subject,
  onSuccess: SuccessMap<R>,
): Promise<Reply> {
  if (Object.hasOwn(failures, result.outcome)) {
    throw failures[result.outcome as Failure](subject);
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

/** Throw the table's problem for a failure outcome decided outside a package. */
export function fail(outcome: Failure, subject: Subject): never {
  throw failures[outcome](subject);
}
