import { HttpProblem } from '../problem';
import { notFound, subscriptionDisabled, type Subject } from './respond';

/** Deliveries: what their commands refuse, and the problem each refusal becomes. */
export const deliveryProblems = {
  not_found: notFound('delivery'),
  already_pending: (s: Subject) =>
    new HttpProblem({
      status: 409,
      type: 'delivery-pending',
      title: 'Delivery already pending',
      detail: `Delivery ${s.id} is still pending: it will be attempted again without asking.`,
      errors: [{ field: s.field ?? 'id', message: 'delivery is pending' }],
    }),
  subscription_disabled: (s: Subject) =>
    subscriptionDisabled(`The subscription of delivery ${s.id}`, s.field ?? 'id'),
};
