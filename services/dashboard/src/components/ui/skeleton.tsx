import { cn } from '@/lib/cn';

export function Skeleton({ className }: { className?: string }) {
  return (
    <span
      aria-hidden
      className={cn('block animate-pulse rounded bg-slate-200/80', className ?? 'h-4 w-full')}
    />
  );
}
