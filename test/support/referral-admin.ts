import { execFile } from 'node:child_process';
import path from 'node:path';

/** The installed command, as npm links it into node_modules/.bin. */
export const REFERRAL_ADMIN_BIN = path.join(
  path.dirname(require.resolve('@referral/cli/package.json')),
  'bin',
  'referral-admin.js',
);

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run the built `referral-admin` as an operator would, in its own process,
 * with only the environment given (and PATH): nothing leaks from the test's.
 */
export function referralAdmin(
  args: string[],
  env: Record<string, string> = {},
  command: { file: string; args: string[]; cwd?: string } = {
    file: process.execPath,
    args: [REFERRAL_ADMIN_BIN],
  },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      command.file,
      [...command.args, ...args],
      {
        env: { PATH: process.env.PATH ?? '', ...env },
        cwd: command.cwd,
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}
