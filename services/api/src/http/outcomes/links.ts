import { notFound } from './respond';

/** Links between a partner and a client, as operators archive and restore them. */
export const linkProblems = {
  not_found: notFound('link'),
};
