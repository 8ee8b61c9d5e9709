import type { ReactNode } from 'react';
import { cn } from '@/lib/cn';

type Tone = 'info' | 'warning' | 'error' | 'success';
const tones: Record<Tone, string> = {
  info: 'bg-sky-50 text-sky-900 ring-sky-600/20',
  warning: 'bg-amber-50 text-amber-900 ring-amber-600/25',
  error: 'bg-red-50 text-red-900 ring-red-600/20',
  success: 'bg-emerald-50 text-emerald-900 ring-emerald-600/20',
};

export function Callout({
  tone = 'info',
  title,
  children,
  role,
  className,
}: {
  tone?: Tone;
  title?: ReactNode;
  children?: ReactNode;
  role?: 'alert' | 'status';
  className?: string;
}) {
  return (
    <div
      role={role}
      className={cn('rounded-md px-4 py-3 text-sm ring-1 ring-inset', tones[tone], className)}
    >
      {title ? <p className="font-semibold">{title}</p> : null}
      {children ? <div className={cn(title ? 'mt-1' : undefined)}>{children}</div> : null}
    </div>
  );
}
