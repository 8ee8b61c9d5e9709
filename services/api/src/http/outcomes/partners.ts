import { notFound } from './respond';

/** Partners, as operators manage them. */
export const partnerProblems = {
  not_found: notFound('partner'),
};
