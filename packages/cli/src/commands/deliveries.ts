import type { Command } from 'commander';
import type { Delivery, DeliveryWithAttempts } from '@referral/webhooks';
import { contextOf } from '../context';
import { segment, when } from '../format';
import { details } from '../table';
import { attemptsTable } from './attempts-table';

/** `deliveries show | redeliver`: one delivery, any partner's. */
export function registerDeliveryCommands(program: Command): void {
  const deliveries = program
    .command('deliveries')
    .description('Deliveries: one event to one subscription, with its attempts');

  deliveries
    .command('show')
    .description('Show a delivery and every attempt made')
    .argument('<id>', 'delivery id (dlv_…)')
    .action(async (id: string, _options: object, command: Command) => {
      const { api, print } = contextOf(command);
      const delivery = await api.get<DeliveryWithAttempts>(`/admin/deliveries/${segment(id)}`);
      print(delivery, (d) =>
        [
          details([
            ['Delivery', d.id],
            ['Subscription', d.subscriptionId],
            ['Event', `${d.eventType} ${d.eventId}`],
            ['Status', d.status],
            ['Attempts', d.attemptCount],
            ['Next attempt', when(d.nextAttemptAt)],
            ['Created', when(d.createdAt)],
          ]),
          '',
          d.attempts.length ? attemptsTable([d]) : 'No attempt yet.',
        ].join('\n'),
      );
    });

  deliveries
    .command('redeliver')
    .description(
      'Deliver again with a fresh retry budget (refused while pending or while its subscription is disabled)',
    )
    .argument('<id>', 'delivery id (dlv_…)')
    .action(async (id: string, _options: object, command: Command) => {
      const { api, print } = contextOf(command);
      const result = await api.post<{ delivery: Delivery }>(
        `/admin/deliveries/${segment(id)}/redeliver`,
      );
      // Not its status: read after the enqueue, it may already be delivered again.
      print(
        result,
        ({ delivery }) => `Queued delivery ${delivery.id} (${delivery.eventType}) again.`,
      );
    });
}
