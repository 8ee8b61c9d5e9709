import type { DeliveryWithAttempts } from '@referral/webhooks';
import { excerpt, when } from '../format';
import { table } from '../table';

/** Every attempt of the given deliveries, oldest first within each. */
export function attemptsTable(deliveries: readonly DeliveryWithAttempts[]): string {
  const rows = deliveries.flatMap((d) => d.attempts.map((a) => ({ ...a, deliveryId: d.id })));
  return table(rows, [
    { header: 'delivery', value: (a) => a.deliveryId },
    { header: '#', value: (a) => a.attemptNumber, align: 'right' },
    { header: 'started', value: (a) => when(a.startedAt) },
    { header: 'ms', value: (a) => a.durationMs, align: 'right' },
    { header: 'result', value: (a) => (a.succeeded ? 'ok' : 'failed') },
    { header: 'http', value: (a) => a.statusCode, align: 'right' },
    { header: 'error', value: failure },
  ]);
}

/** Why an attempt failed: its kind, then the error's words or else what the receiver answered. */
function failure(a: DeliveryWithAttempts['attempts'][number]): string | undefined {
  if (a.succeeded || !a.errorKind) return undefined;
  const detail = excerpt(a.errorMessage ?? a.responseBody);
  return detail ? `${a.errorKind}: ${detail}` : a.errorKind;
}
