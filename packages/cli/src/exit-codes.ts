/**
 * What the process's exit code tells a script: it can retry when the API was
 * unreachable, and should not when the API refused or the command was wrong.
 */
export const EXIT = {
  ok: 0,
  /** The API answered with a problem (4xx/5xx): the request was refused or failed there. */
  refused: 1,
  /** The command line was wrong: unknown command or option, missing argument, bad value. */
  usage: 2,
  /** No answer from the API, or not the API's: connection refused, timeout, not JSON. */
  unreachable: 3,
  /** A bug in the CLI itself (EX_SOFTWARE): the stack is printed for the report. */
  internal: 70,
} as const;
