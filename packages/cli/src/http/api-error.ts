import { EXIT } from '../exit-codes';
import type { ProblemBody } from './problem-body';

/** The admin API answered with a problem (RFC 9457): the message names the failing fields. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly exitCode = EXIT.refused;

  constructor(
    readonly status: number,
    readonly problem: ProblemBody,
  ) {
    super(describeProblem(status, problem));
  }
}

/** One line: `404 Not Found: No subscription sub_x exists for you. [id: no such subscription]`. */
function describeProblem(status: number, problem: ProblemBody): string {
  const fields = problem.errors?.map((e) => `${e.field}: ${e.message}`).join('; ');
  return [
    `${status} ${problem.title}: ${problem.detail}`.trim(),
    fields ? `[${fields}]` : '',
    problem.requestId ? `(request ${problem.requestId})` : '',
  ]
    .filter(Boolean)
    .join(' ');
}
