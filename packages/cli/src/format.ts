import { InvalidArgumentError } from 'commander';

/** An ISO instant to the second, as operators read logs: 2026-12-01T15:17:15Z. */
export function when(iso: string | null | undefined): string | undefined {
  return iso ? iso.replace(/\.\d+Z$/, 'Z') : undefined;
}

/** Long texts (response bodies, error messages) cut to fit a table cell. */
export function excerpt(text: string | null | undefined, max = 60): string | undefined {
  if (!text) return undefined;
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The footer of a page that has more: the same command, filters and all, takes the cursor. */
export function nextPage(nextCursor: string | null): string {
  return nextCursor ? `\nMore: run the same command with --cursor ${nextCursor}` : '';
}

/** A whole number in [min, max], for options such as --limit. */
export function integerIn(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}

/** Ids go into a path: an id with a slash or a `?` must stay one segment. */
export function segment(id: string): string {
  return encodeURIComponent(id);
}

/** --api: an http(s) URL, so a typo fails as usage, not as an unreachable API. */
export function httpUrl(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new InvalidArgumentError('expected an http(s) URL such as http://localhost:3000.');
  }
  return value;
}
