import { LoginInput } from '@referral/dashboard-contract';
import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useRouter } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { Input } from '@/components/ui/input';
import { ApiError } from '@/lib/api';
import { safeRedirect, sessionQuery, signIn } from '@/lib/session';

const route = getRouteApi('/login');

const MALFORMED = 'Enter your Partner ID as a GUID, e.g. 3f2b8c1e-9a4d-4c7b-8e21-5d6f0a9b1c2d.';

export function LoginPage() {
  const search = route.useSearch();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [partnerId, setPartnerId] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(undefined);
    const input = LoginInput.safeParse({ partnerId });
    if (!input.success) {
      setFieldError(MALFORMED);
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    try {
      const session = await signIn(input.data);
      queryClient.setQueryData(sessionQuery.queryKey, session);
      await router.navigate({ href: safeRedirect(search.redirect) });
    } catch (error) {
      setBusy(false);
      if (!(error instanceof ApiError)) {
        setFormError('Something went wrong. Try again.');
      } else if (error.status === 429) {
        setFormError('Too many sign-in attempts. Wait a minute, then try again.');
      } else if (error.fieldError('partnerId')) {
        setFieldError(error.fieldError('partnerId'));
      } else if (error.status === 0 || error.status >= 500) {
        setFormError('The dashboard could not sign you in right now. Try again in a moment.');
      } else {
        // Unknown and malformed-on-the-server look alike: no hint whether an id exists.
        setFormError('We could not sign you in with that Partner ID. Check it and try again.');
      }
    }
  }

  const notice =
    search.reason === 'expired'
      ? 'Your session expired. Sign in again.'
      : search.reason === 'signed-out'
        ? 'You are signed out.'
        : undefined;

  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center gap-2">
          <span
            aria-hidden
            className="grid size-8 place-items-center rounded-md bg-brand-600 text-sm font-bold text-white"
          >
            RP
          </span>
          <span className="font-semibold text-slate-900">Partner dashboard</span>
        </div>
        <div className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
          <h1 className="text-lg font-semibold text-slate-900">Sign in</h1>
          <p className="mt-1 text-sm text-slate-600">
            Use the Partner ID you received when your partner account was created.
          </p>
          {notice ? (
            <Callout
              tone={search.reason === 'expired' ? 'warning' : 'info'}
              role="status"
              className="mt-4"
            >
              {notice}
            </Callout>
          ) : null}
          {formError ? (
            <Callout tone="error" role="alert" className="mt-4">
              {formError}
            </Callout>
          ) : null}
          <form noValidate onSubmit={submit} className="mt-5 space-y-4">
            <div className="flex flex-col gap-1.5">
              <label htmlFor="partner-id" className="text-sm font-medium text-slate-700">
                Partner ID
              </label>
              <Input
                id="partner-id"
                name="partnerId"
                value={partnerId}
                onChange={(e) => setPartnerId(e.target.value)}
                placeholder="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
                autoComplete="username"
                spellCheck={false}
                autoFocus
                aria-invalid={fieldError ? true : undefined}
                aria-describedby={fieldError ? 'partner-id-error' : undefined}
                className="font-mono"
              />
              {fieldError ? (
                <p id="partner-id-error" className="text-sm text-red-700">
                  {fieldError}
                </p>
              ) : null}
            </div>
            <Button type="submit" variant="primary" className="w-full" disabled={busy}>
              {busy ? 'Signing in…' : 'Sign in'}
            </Button>
          </form>
        </div>
        <p className="mt-4 text-center text-xs text-slate-600">
          Your session lasts 14 days, or until you log out.
        </p>
      </div>
    </main>
  );
}
