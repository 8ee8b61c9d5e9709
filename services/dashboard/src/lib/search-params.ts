import { z } from 'zod';

/**
 * A route's `validateSearch`: the contract's schema, but a bad value in the
 * URL (a hand-edited `page=abc`, an old tab name) falls back to the field's
 * default (or to nothing) instead of failing the route; the other fields keep
 * their values. The result keeps the schema's type, so links are typed by its
 * input (fields with defaults may be left out).
 */
export function searchValidator<S extends z.ZodObject>(schema: S): S {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => {
      const fallback = (field as z.ZodType).safeParse(undefined);
      return [key, (field as z.ZodType).catch(fallback.success ? fallback.data : undefined)];
    }),
  );
  return z.object(shape) as unknown as S;
}

/**
 * Plain `?tab=active&page=2` URLs (the router's default JSON-encodes values),
 * the same query string the API and its CSV export read.
 */
export function parseSearch(searchStr: string): Record<string, unknown> {
  const params = new URLSearchParams(searchStr.startsWith('?') ? searchStr.slice(1) : searchStr);
  return Object.fromEntries(params.entries());
}

export function stringifySearch(search: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}
