import { validationProblem } from '../problem';
import type { Subject } from './respond';

/** The routing table; the subject is the collection partner the request named. */
export const routingProblems = {
  unknown_collection_partner: (s: Subject) =>
    validationProblem(
      [{ field: 'collectionPartnerId', message: 'no such collection partner' }],
      `No collection partner ${s.id}; GET /admin/routing lists them.`,
    ),
};
