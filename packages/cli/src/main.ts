import { CommanderError } from 'commander';
import { EXIT } from './exit-codes';
import { ApiError } from './http/api-error';
import { UnreachableError } from './http/unreachable-error';
import { buildProgram } from './program';

/** Run one command; every expected failure ends as one line on stderr and an exit code from EXIT. */
async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return EXIT.ok;
  } catch (err) {
    // Commander has printed its own message (or the help) already.
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (err instanceof ApiError || err instanceof UnreachableError) {
      process.stderr.write(`referral-admin: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(
      `referral-admin: unexpected error, please report it:\n${String(
        err instanceof Error ? err.stack : err,
      )}\n`,
    );
    return EXIT.internal;
  }
}

// `referral-admin … | head` closes the pipe early: the reader has what it wanted.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(EXIT.ok);
  throw err;
});

void main(process.argv).then((code) => {
  process.exitCode = code;
});
