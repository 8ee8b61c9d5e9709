import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { sessionQuery, signOut } from '@/lib/session';

const nav = [
  { to: '/cases', label: 'Cases' },
  { to: '/earnings', label: 'Earnings' },
  { to: '/clients', label: 'Clients' },
  { to: '/webhooks', label: 'Webhooks' },
] as const;

export function AppShell() {
  const session = useQuery(sessionQuery).data;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [leaving, setLeaving] = useState(false);

  async function logout() {
    setLeaving(true);
    try {
      await signOut(session?.csrfToken);
    } catch {
      // Signed out either way: the session is gone or will expire; the page forgets it now.
    }
    queryClient.clear();
    await navigate({ to: '/login', search: { reason: 'signed-out' } });
  }

  return (
    <>
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-brand-700 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2.5 sm:px-6">
          <Link to="/cases" className="flex items-center gap-2 font-semibold text-slate-900">
            <span
              aria-hidden
              className="grid size-7 place-items-center rounded-md bg-brand-600 text-xs font-bold text-white"
            >
              RP
            </span>
            <span>Partner dashboard</span>
          </Link>
          <nav aria-label="Main" className="order-last w-full sm:order-none sm:w-auto">
            <ul className="flex gap-1 overflow-x-auto">
              {nav.map((item) => (
                <li key={item.to}>
                  <Link
                    to={item.to}
                    className="block rounded-md px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900"
                    activeProps={{
                      className: 'bg-slate-100 !text-slate-900',
                      'aria-current': 'page',
                    }}
                  >
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="ml-auto flex items-center gap-3">
            {session ? (
              <span className="hidden text-sm text-slate-600 sm:inline">
                Signed in as{' '}
                <span className="font-medium text-slate-900" data-testid="partner-name">
                  {session.partner.name}
                </span>
              </span>
            ) : null}
            <button
              type="button"
              onClick={logout}
              disabled={leaving}
              className="rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"
            >
              {leaving ? 'Logging out…' : 'Log out'}
            </button>
          </div>
        </div>
      </header>
      <main
        id="main"
        tabIndex={-1}
        className="mx-auto max-w-7xl px-4 py-6 focus:outline-none sm:px-6"
      >
        <Outlet />
      </main>
    </>
  );
}
