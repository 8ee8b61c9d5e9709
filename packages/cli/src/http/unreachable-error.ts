import { EXIT } from '../exit-codes';

/** No usable answer from the API: nothing listening, a timeout, or something that is not the API. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
  readonly exitCode = EXIT.unreachable;
}
