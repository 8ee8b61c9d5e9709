import { Link, useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import { ErrorState } from '@/components/states';

export function NotFound() {
  return (
    <div className="mx-auto max-w-md px-6 py-20 text-center">
      <h1 className="text-lg font-semibold text-slate-900">Page not found</h1>
      <p className="mt-2 text-sm text-slate-600">There is nothing at this address.</p>
      <Link to="/cases" className="mt-4 inline-block text-sm font-medium text-brand-700 underline">
        Go to your cases
      </Link>
    </div>
  );
}

export function RouteError({ error }: ErrorComponentProps) {
  const router = useRouter();
  return <ErrorState error={error} onRetry={() => void router.invalidate()} />;
}
