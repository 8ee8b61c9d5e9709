import fc from 'fast-check';

/** Strings that break naive SQL, HTML, shells, paths and parsers. */
export const METACHARACTERS = [
  "' OR '1'='1",
  "'; DROP TABLE clients; --",
  '" OR ""="',
  '1; SELECT pg_sleep(5)',
  '%_\\',
  '$1',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</textarea><script>alert(1)</script>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}',
  '../../etc/passwd',
  '\u0000',
  '\u202e\u0007\u001b[31m',
  '\ud800',
  '𝕳𝖊𝖑𝖑𝖔 🙂 مرحبا',
];

export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Hostile text: metacharacters, any code points (controls, lone surrogates), long runs. */
export const hostileString = fc.oneof(
  fc.constantFrom(...METACHARACTERS),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc
    .tuple(fc.constantFrom(...METACHARACTERS), fc.string({ unit: 'binary', maxLength: 16 }))
    .map(([a, b]) => a + b),
  fc.nat({ max: 20_000 }).map((n) => '<b>'.repeat(n)),
);

const hostileKey = fc.oneof(fc.constantFrom(...POLLUTION_KEYS, ...METACHARACTERS), fc.string());

/** Any JSON value, of the wrong type for most fields. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 5 }),
  fc.dictionary(hostileKey, hostileString, { maxKeys: 4 }),
);

/**
 * A hostile JSON request body for a route whose body schema has `properties`:
 * always invalid (every body schema is strict, and each object carries a key
 * it does not know), so that a 4xx is the only right answer. Bodies that are
 * invalid for their own fields alone come from wrong-typed-values.ts.
 */
export function hostileBody(properties: string[]): fc.Arbitrary<{ kind: string; raw: string }> {
  const known = new Set(properties);
  const unknownKey = hostileKey.filter((k) => !known.has(k));
  const json = (kind: string) => (value: unknown) => ({ kind, raw: JSON.stringify(value) });
  const fields = fc.record(Object.fromEntries(properties.map((p) => [p, hostileValue])), {
    requiredKeys: [],
  });
  return fc.oneof(
    // The wrong type at the top.
    fc
      .oneof(hostileString, fc.integer(), fc.boolean(), fc.constant(null), fc.array(hostileValue))
      .map(json('wrong type')),
    // The route's own fields, each hostile, beside a key it does not know.
    fc.tuple(fields, unknownKey, hostileValue).map(([f, key, v]) => ({
      kind: 'hostile fields',
      raw: JSON.stringify({ ...f, [key]: v }),
    })),
    // Prototype pollution, as raw JSON (an object literal would set the prototype instead).
    fc.tuple(fc.constantFrom(...POLLUTION_KEYS), hostileString).map(([key, v]) => ({
      kind: 'prototype pollution',
      raw: `{"${key}":{"polluted":true,"isAdmin":true,"prototype":{"polluted":true}},"x":${JSON.stringify(v)}}`,
    })),
    // Deeply nested JSON, under the size limit.
    fc.integer({ min: 1_000, max: 60_000 }).map((depth) => ({
      kind: 'deep JSON',
      raw: `{"${properties[0] ?? 'a'}":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    })),
    fc.integer({ min: 1_000, max: 40_000 }).map((depth) => ({
      kind: 'deep JSON objects',
      raw: `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
    })),
    // Over the 256 kB limit.
    fc.integer({ min: 257 * 1024, max: 2 * 1024 * 1024 }).map((size) => ({
      kind: 'huge JSON',
      raw: JSON.stringify({ [properties[0] ?? 'a']: 'x'.repeat(size) }),
    })),
    // Malformed JSON.
    fc.tuple(hostileValue, fc.nat({ max: 50 })).map(([v, cut]) => ({
      kind: 'malformed JSON',
      raw: `{"a":${JSON.stringify(v) ?? 'null'}`.slice(0, Math.max(1, 20 - cut)) + '\u0000{',
    })),
  );
}
