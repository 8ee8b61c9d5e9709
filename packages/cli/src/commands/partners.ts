import type { Command } from 'commander';
import type { Page } from '@referral/db';
import type { Partner } from '@referral/domain';
import { contextOf } from '../context';
import { integerIn, nextPage, when } from '../format';
import { table } from '../table';

/** `partners list`: every partner by name, a page at a time. */
export function registerPartnerCommands(program: Command): void {
  const partners = program.command('partners').description('Partners: the platform’s tenants');

  partners
    .command('list')
    .description('List partners by name')
    .option('--limit <n>', 'rows per page, 1 to 100', integerIn(1, 100), 50)
    .option('--cursor <cursor>', 'the page after this one (printed under the previous page)')
    .action(async (options: { limit: number; cursor?: string }, command: Command) => {
      const { api, print } = contextOf(command);
      const page = await api.get<Page<Partner>>('/admin/partners', options);
      print(page, ({ data, nextCursor }) =>
        [
          table(data, [
            { header: 'id', value: (p) => p.id },
            { header: 'name', value: (p) => p.name },
            { header: 'fee %', value: (p) => p.referralFeePercent, align: 'right' },
            { header: 'ttl days', value: (p) => p.linkRequestTtlDays, align: 'right' },
            { header: 'created', value: (p) => when(p.createdAt) },
          ]),
          nextPage(nextCursor),
        ].join(''),
      );
    });
}
