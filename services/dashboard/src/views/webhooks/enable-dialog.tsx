import type { EnableSubscriptionResult, SubscriptionHealth } from '@referral/dashboard-contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { describeError } from '@/lib/api';
import { formatCount } from '@/lib/format';
import { sessionQuery } from '@/lib/session';
import { enableSubscription } from './queries';

/** Re-enable a disabled subscription, optionally replaying what was parked meanwhile. */
export function EnableDialog({
  subscription,
  onEnabled,
}: {
  subscription: SubscriptionHealth;
  onEnabled: (result: EnableSubscriptionResult) => void;
}) {
  const [open, setOpen] = useState(false);
  const [replay, setReplay] = useState(subscription.parkedCount > 0);
  const session = useQuery(sessionQuery).data;
  const queryClient = useQueryClient();
  const enable = useMutation({
    mutationFn: () => enableSubscription(subscription.id, replay, session?.csrfToken ?? ''),
    onSuccess: async (result) => {
      setOpen(false);
      onEnabled(result);
      await queryClient.invalidateQueries({ queryKey: ['webhooks'] });
    },
  });
  const checkboxId = `replay-${subscription.id}`;

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) enable.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="primary" size="sm">
          Re-enable
        </Button>
      </DialogTrigger>
      <DialogContent
        title="Re-enable this subscription?"
        description={`Deliveries to ${subscription.url} start again with the next event.`}
      >
        <div className="space-y-4">
          {subscription.parkedCount > 0 ? (
            <div className="flex items-start gap-3">
              <input
                id={checkboxId}
                type="checkbox"
                checked={replay}
                onChange={(e) => setReplay(e.target.checked)}
                className="mt-0.5 size-4 rounded border-slate-300 accent-brand-600"
              />
              <label htmlFor={checkboxId} className="text-sm text-slate-700">
                <span className="font-medium text-slate-900">
                  Replay {formatCount(subscription.parkedCount)} parked{' '}
                  {subscription.parkedCount === 1 ? 'delivery' : 'deliveries'}
                </span>
                <br />
                Events that happened while it was disabled are sent now, oldest first.
              </label>
            </div>
          ) : (
            <p className="text-sm text-slate-600">
              No deliveries were parked while it was disabled.
            </p>
          )}
          {enable.error ? (
            <Callout tone="error" role="alert">
              {describeError(enable.error)}
            </Callout>
          ) : null}
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button>Cancel</Button>
            </DialogClose>
            <Button variant="primary" disabled={enable.isPending} onClick={() => enable.mutate()}>
              {enable.isPending ? 'Re-enabling…' : 'Re-enable'}
            </Button>
          </div>
        </div>
      </DialogContent>
    </Dialog>
  );
}
