import { validationProblem } from '../problem';
import { notFound, subscriptionDisabled, type Subject } from './respond';

/** Subscriptions: what their commands refuse, and the problem each refusal becomes. */
export const subscriptionProblems = {
  not_found: notFound('subscription'),
  subscription_disabled: (s: Subject) =>
    subscriptionDisabled(`Subscription ${s.id}`, s.field ?? 'id'),
  invalid_url: (s: Subject, result: { problem: string }) =>
    validationProblem([{ field: s.field ?? 'url', message: result.problem }]),
};
