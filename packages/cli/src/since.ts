import { InvalidArgumentError } from 'commander';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * `--since`: an instant with its offset (2026-12-01T09:30:00Z), passed to
 * the API as given, or a duration ago (90m, 6h, 2d), turned into one here.
 */
export function parseSince(value: string, now: () => Date = () => new Date()): string {
  const ago = /^(\d+)([smhd])$/.exec(value.trim());
  if (ago) {
    const ms = Number(ago[1]) * UNIT_MS[ago[2] as keyof typeof UNIT_MS];
    return new Date(now().getTime() - ms).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return value;
  throw new InvalidArgumentError(
    'expected an ISO 8601 instant with its offset (2026-12-01T09:30:00Z) or a duration ago (90m, 6h, 2d).',
  );
}
