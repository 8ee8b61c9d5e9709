import type { ClientRow } from '@referral/dashboard-contract';
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { formatDateTime, formatRelative } from '@/lib/format';

/**
 * The client's onboarding link, to send it again: the platform never emails
 * clients their links, so the partner does. Without a valid link, how to get a new one.
 */
export function OnboardingDialog({ client }: { client: ClientRow }) {
  const [copied, setCopied] = useState<'copied' | 'failed'>();
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(undefined), 4000);
    return () => clearTimeout(timer);
  }, [copied]);
  const inputId = `onboarding-url-${client.clientId}`;
  const expired =
    client.onboardingUrlExpiresAt !== null && new Date(client.onboardingUrlExpiresAt) < new Date();
  const url = expired ? null : client.onboardingUrl;

  async function copy() {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <Dialog onOpenChange={() => setCopied(undefined)}>
      <DialogTrigger asChild>
        <Button size="sm" aria-label={`Onboarding link for ${client.companyName}`}>
          Onboarding link
        </Button>
      </DialogTrigger>
      <DialogContent
        title={`Onboarding link for ${client.companyName}`}
        description="The client has not signed the SDCA yet. Send them this link to confirm their details and sign; the platform does not email clients."
      >
        {url ? (
          <div className="space-y-2">
            <label htmlFor={inputId} className="text-sm font-medium text-slate-700">
              Onboarding URL
            </label>
            <div className="flex gap-2">
              <Input
                id={inputId}
                readOnly
                value={url}
                onFocus={(e) => e.currentTarget.select()}
                className="min-w-0 flex-1 font-mono text-xs"
              />
              <Button variant="primary" onClick={copy}>
                Copy
              </Button>
            </div>
            <p aria-live="polite" className="h-5 text-sm">
              {copied === 'copied' ? (
                <span className="text-emerald-700">Copied to the clipboard</span>
              ) : copied === 'failed' ? (
                <span className="text-red-700">
                  Could not copy: select the link and copy it yourself.
                </span>
              ) : null}
            </p>
            {client.onboardingUrlExpiresAt ? (
              <p className="text-sm text-slate-600">
                Valid until {formatDateTime(client.onboardingUrlExpiresAt)} (expires{' '}
                {formatRelative(client.onboardingUrlExpiresAt)}).
              </p>
            ) : null}
          </div>
        ) : (
          <div className="space-y-2 text-sm text-slate-700">
            <p className="font-medium text-slate-900">This client has no valid onboarding link.</p>
            <p>
              Ask your integration for a fresh one: call{' '}
              <code className="rounded bg-slate-100 px-1 py-0.5 text-xs">POST /v1/clients</code>{' '}
              again with the same{' '}
              <code className="rounded bg-slate-100 px-1 py-0.5 text-xs">externalTenantId</code> (
              <span className="font-mono text-xs">{client.externalTenantId}</span>) and company
              details. The answer,{' '}
              <code className="rounded bg-slate-100 px-1 py-0.5 text-xs">
                202 onboarding_required
              </code>
              , carries a new{' '}
              <code className="rounded bg-slate-100 px-1 py-0.5 text-xs">onboardingUrl</code>; it
              shows here too.
            </p>
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}
