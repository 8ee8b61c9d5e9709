import { Command, Option } from 'commander';
import { registerClientCommands } from './commands/clients';
import { registerDeliveryCommands } from './commands/deliveries';
import { registerPartnerCommands } from './commands/partners';
import { registerSubscriptionCommands } from './commands/subscriptions';
import { httpUrl, integerIn } from './format';

export const DEFAULT_API_URL = 'http://localhost:3000';

/**
 * The whole command line. Settings made here (exitOverride, output) are set
 * before the subcommands are, since `.command()` copies them to each.
 */
export function buildProgram(): Command {
  const program = new Command('referral-admin')
    .description(
      'Operate the platform through its admin API: partners, subscriptions, deliveries, clients and their KYC.',
    )
    .addOption(
      new Option('--api <url>', 'the API’s base URL')
        .env('REFERRAL_API_URL')
        .argParser(httpUrl)
        .default(DEFAULT_API_URL),
    )
    .addOption(
      new Option('--token <token>', 'the admin token (the API’s ADMIN_TOKEN)').env('ADMIN_TOKEN'),
    )
    .option('--json', 'print the API’s JSON instead of tables, for scripts')
    .addOption(
      new Option('--timeout <seconds>', 'give up on an answer after this long')
        .argParser(integerIn(1, 600))
        .default(30),
    )
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Exit codes: 0 done, 1 the API refused or failed (its problem is printed),
2 wrong usage, 3 the API could not be reached or did not answer as the API.

Examples:
  export REFERRAL_API_URL=http://localhost:3000 ADMIN_TOKEN=dev-admin-token
  referral-admin subscriptions list --disabled
  referral-admin subscriptions show sub_0193… --deliveries 5
  referral-admin subscriptions enable sub_0193… --replay
  referral-admin subscriptions recover sub_0193… --since 6h
  referral-admin deliveries redeliver dlv_0193…
  referral-admin clients kyc cli_0193…
  referral-admin clients reject-kyc cli_0193… --reason 'The ID document is expired'
  referral-admin partners list --json | jq '.data[].id'`,
    );
  registerPartnerCommands(program);
  registerSubscriptionCommands(program);
  registerDeliveryCommands(program);
  registerClientCommands(program);
  return program;
}
