import type { Command } from 'commander';
import { EXIT } from './exit-codes';
import { AdminClient } from './http/admin-client';

/** The root command's options, which every subcommand reads. */
interface GlobalOptions {
  api: string;
  token?: string;
  json?: boolean;
  timeout: number;
}

export interface CommandContext {
  api: AdminClient;
  /** Print `json` as is with --json, else the human-readable text `human` makes of it. */
  print<T>(json: T, human: (value: T) => string): void;
}

/** What an action needs: a client for the admin API and the chosen output. */
export function contextOf(command: Command): CommandContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  if (!options.token) {
    command.error('error: no admin token: pass --token <token> or set ADMIN_TOKEN', {
      exitCode: EXIT.usage,
      code: 'referral.missingToken',
    });
  }
  return {
    api: new AdminClient({
      apiUrl: options.api,
      token: options.token!,
      timeoutMs: options.timeout * 1000,
    }),
    print(json, human) {
      process.stdout.write(
        options.json ? `${JSON.stringify(json, null, 2)}\n` : `${human(json)}\n`,
      );
    },
  };
}
