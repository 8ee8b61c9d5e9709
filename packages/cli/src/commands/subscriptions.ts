import { Option, type Command } from 'commander';
import type { Page } from '@referral/db';
import type {
  Delivery,
  DeliveryWithAttempts,
  Subscription,
  TenantSubscription,
} from '@referral/webhooks';
import { contextOf } from '../context';
import { integerIn, nextPage, segment, when } from '../format';
import { parseSince } from '../since';
import { details, table } from '../table';
import { attemptsTable } from './attempts-table';

const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed', 'parked', 'cancelled'];

/** `subscriptions list | show | enable | recover | test`: any partner's subscriptions. */
export function registerSubscriptionCommands(program: Command): void {
  const subscriptions = program
    .command('subscriptions')
    .description('Webhook subscriptions of every partner');

  subscriptions
    .command('list')
    .description('List subscriptions, newest first')
    .option('--partner <id>', 'only this partner’s (its Partner GUID)')
    .addOption(
      new Option('--status <status>', 'only those in this status').choices(['enabled', 'disabled']),
    )
    .addOption(
      new Option('--disabled', 'only disabled ones (--status disabled)').conflicts('status'),
    )
    .option('--limit <n>', 'rows per page, 1 to 100', integerIn(1, 100), 50)
    .option('--cursor <cursor>', 'the page after this one (printed under the previous page)')
    .action(
      async (
        options: {
          partner?: string;
          status?: string;
          disabled?: boolean;
          limit: number;
          cursor?: string;
        },
        command: Command,
      ) => {
        const { api, print } = contextOf(command);
        const page = await api.get<Page<TenantSubscription>>('/admin/subscriptions', {
          partnerId: options.partner,
          status: options.disabled ? 'disabled' : options.status,
          limit: options.limit,
          cursor: options.cursor,
        });
        print(page, ({ data, nextCursor }) =>
          [
            data.length ? subscriptionTable(data) : 'No subscriptions match.',
            nextPage(nextCursor),
          ].join(''),
        );
      },
    );

  subscriptions
    .command('show')
    .description('Show a subscription with its recent deliveries and their attempts')
    .argument('<id>', 'subscription id (sub_…)')
    .option('--deliveries <n>', 'how many recent deliveries, 1 to 50', integerIn(1, 50), 10)
    .addOption(
      new Option('--status <status>', 'only deliveries in this status').choices(DELIVERY_STATUSES),
    )
    .action(
      async (id: string, options: { deliveries: number; status?: string }, command: Command) => {
        const { api, print } = contextOf(command);
        const subscription = await api.get<TenantSubscription>(
          `/admin/subscriptions/${segment(id)}`,
        );
        const page = await api.get<Page<Delivery>>(
          `/admin/subscriptions/${segment(id)}/deliveries`,
          { limit: options.deliveries, status: options.status },
        );
        const deliveries = await Promise.all(
          page.data.map((d) => api.get<DeliveryWithAttempts>(`/admin/deliveries/${segment(d.id)}`)),
        );
        print({ subscription, deliveries }, (shown) =>
          showSubscription(shown.subscription, shown.deliveries),
        );
      },
    );

  subscriptions
    .command('enable')
    .description('Re-enable a subscription and reset its failure count')
    .argument('<id>', 'subscription id (sub_…)')
    .option(
      '--replay',
      'also re-send its parked deliveries and those failed since its last success',
    )
    .action(async (id: string, options: { replay?: boolean }, command: Command) => {
      const { api, print } = contextOf(command);
      const result = await api.post<{ subscription: Subscription; replayed: number }>(
        `/admin/subscriptions/${segment(id)}/enable`,
        { replay: options.replay ?? false },
      );
      print(
        result,
        ({ subscription, replayed }) =>
          `Enabled ${subscription.id}; ${plural(replayed, 'delivery', 'deliveries')} queued again.`,
      );
    });

  subscriptions
    .command('recover')
    .description('Redeliver every failed delivery of an enabled subscription created since a time')
    .argument('<id>', 'subscription id (sub_…)')
    .requiredOption(
      '--since <time>',
      'an ISO 8601 instant (2026-12-01T09:30:00Z) or a duration ago (90m, 6h, 2d)',
      (value: string) => parseSince(value),
    )
    .action(async (id: string, options: { since: string }, command: Command) => {
      const { api, print } = contextOf(command);
      const result = await api.post<{ count: number }>(
        `/admin/subscriptions/${segment(id)}/recover`,
        {
          since: options.since,
        },
      );
      print(
        result,
        ({ count }) =>
          `Queued ${plural(count, 'failed delivery', 'failed deliveries')} of ${id} again (created since ${options.since}).`,
      );
    });

  subscriptions
    .command('test')
    .description('Send a webhook.test event to this subscription only')
    .argument('<id>', 'subscription id (sub_…)')
    .action(async (id: string, _options: object, command: Command) => {
      const { api, print } = contextOf(command);
      const result = await api.post<{ eventId: string }>(
        `/admin/subscriptions/${segment(id)}/test`,
      );
      print(result, ({ eventId }) => `Sent webhook.test ${eventId} to ${id}.`);
    });
}

function subscriptionTable(rows: readonly TenantSubscription[]): string {
  return table(rows, [
    { header: 'id', value: (s) => s.id },
    { header: 'partner', value: (s) => s.tenantId },
    { header: 'status', value: (s) => s.status },
    { header: 'failures', value: (s) => s.consecutiveFailures, align: 'right' },
    { header: 'url', value: (s) => s.url },
    { header: 'event types', value: (s) => s.eventTypes.join(',') },
    { header: 'disabled at', value: (s) => when(s.disabledAt) },
  ]);
}

function showSubscription(s: TenantSubscription, deliveries: readonly DeliveryWithAttempts[]) {
  const status =
    s.status === 'disabled'
      ? `disabled (${s.disabledReason ?? 'no reason'}, ${when(s.disabledAt)})`
      : s.status;
  const parts = [
    details([
      ['Subscription', s.id],
      ['Partner', s.tenantId],
      ['URL', s.url],
      ['Status', status],
      ['Failures in a row', s.consecutiveFailures],
      ['Event types', s.eventTypes.join(', ')],
      ['Description', s.description],
      ['Created', when(s.createdAt)],
    ]),
    '',
  ];
  if (!deliveries.length) return [...parts, 'No deliveries yet.'].join('\n');
  parts.push(
    `Recent deliveries (${deliveries.length}, newest first)`,
    table(deliveries, [
      { header: 'id', value: (d) => d.id },
      { header: 'event type', value: (d) => d.eventType },
      { header: 'status', value: (d) => d.status },
      { header: 'attempts', value: (d) => d.attemptCount, align: 'right' },
      { header: 'last attempt', value: (d) => when(d.lastAttemptAt) },
      { header: 'next attempt', value: (d) => when(d.nextAttemptAt) },
      { header: 'created', value: (d) => when(d.createdAt) },
    ]),
  );
  if (deliveries.some((d) => d.attempts.length))
    parts.push('', 'Attempts', attemptsTable(deliveries));
  return parts.join('\n');
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
