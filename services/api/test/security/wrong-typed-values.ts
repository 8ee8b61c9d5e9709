import fc from 'fast-check';
import { hostileString, hostileValue, METACHARACTERS } from './hostile-values';

/** A JSON Schema as /openapi.json gives it (request view: input types, before defaults). */
export type JsonSchema = Record<string, unknown>;
type Resolve = (schema: JsonSchema) => JsonSchema;

/** Follows `#/components/schemas/…` references of the document. */
export function resolverOf(doc: {
  components?: { schemas?: Record<string, JsonSchema> };
}): Resolve {
  const resolve: Resolve = (schema) =>
    typeof schema.$ref === 'string'
      ? resolve(doc.components!.schemas![schema.$ref.split('/').pop()!]!)
      : schema;
  return resolve;
}

/** The JSON types a schema accepts; undefined when it accepts anything (`{}`). */
function acceptedTypes(schema: JsonSchema, resolve: Resolve): Set<string> | undefined {
  const s = resolve(schema);
  if (Array.isArray(s.anyOf)) {
    const parts = (s.anyOf as JsonSchema[]).map((p) => acceptedTypes(p, resolve));
    if (parts.some((p) => p === undefined)) return undefined;
    return new Set(parts.flatMap((p) => [...p!]));
  }
  if (typeof s.type === 'string') return new Set(s.type === 'integer' ? ['integer'] : [s.type]);
  return undefined;
}

const OF_TYPE: Record<string, fc.Arbitrary<unknown>> = {
  string: hostileString,
  // Whole numbers are the integer's; these are what an integer field must refuse too.
  number: fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
  integer: fc.integer(),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.array(hostileValue, { maxLength: 4 }),
  object: fc.dictionary(fc.string(), hostileValue, { maxKeys: 3 }),
};

/** Integer-looking text with SQL in it: what a string-concatenating query would run. */
const sqlNumber = fc
  .tuple(fc.nat({ max: 99 }), fc.constantFrom(...METACHARACTERS.slice(0, 6)))
  .map(([n, sql]) => `${n}${sql}`);

/** A value the schema must refuse: its JSON type is wrong, or, for its own type, its value. */
export function wrongFor(schema: JsonSchema, resolve: Resolve): fc.Arbitrary<unknown> | undefined {
  const s = resolve(schema);
  const accepted = acceptedTypes(s, resolve);
  if (!accepted) return undefined;
  // A JSON integer is also a number; a number schema takes integers.
  const isAccepted = (t: string) => accepted.has(t) || (t === 'integer' && accepted.has('number'));
  const wrongTypes = Object.keys(OF_TYPE)
    .filter((t) => !isAccepted(t))
    .map((t) => OF_TYPE[t]!);
  const wrongValues: fc.Arbitrary<unknown>[] = [];
  // The one non-null branch of a nullable field carries the constraints.
  const own = Array.isArray(s.anyOf)
    ? resolve((s.anyOf as JsonSchema[]).find((p) => resolve(p).type !== 'null') ?? {})
    : s;
  if (own.type === 'integer' || own.type === 'number') wrongValues.push(...badNumbers(own));
  if (own.type === 'integer') wrongValues.push(sqlNumber);
  if (own.type === 'string') wrongValues.push(...badStrings(own));
  if (own.type === 'array' && own.items) {
    const item = wrongFor(own.items as JsonSchema, resolve);
    if (item) wrongValues.push(fc.array(item, { minLength: 1, maxLength: 3 }));
    if (typeof own.minItems === 'number' && own.minItems > 0) wrongValues.push(fc.constant([]));
  }
  if (own.type === 'object' && own.properties) {
    const nested = wrongFields(own, resolve);
    if (nested) wrongValues.push(nested);
  }
  return fc.oneof(...wrongTypes, ...wrongValues);
}

/** Fractions for integers, and numbers past either bound. */
function badNumbers(s: JsonSchema): fc.Arbitrary<unknown>[] {
  const out: fc.Arbitrary<unknown>[] = [];
  if (s.type === 'integer') out.push(fc.constantFrom(0.5, 1.5, -2.25, 7.000001, 1e-7));
  const max = s.maximum ?? s.exclusiveMaximum;
  const min = s.minimum ?? s.exclusiveMinimum;
  if (typeof max === 'number') out.push(fc.constantFrom(max + 1, 1e21, 2 ** 64, Number.MAX_VALUE));
  if (typeof min === 'number') out.push(fc.constantFrom(min - 1, -1e21, -(2 ** 64)));
  return out;
}

/** Hostile text outside the enum, breaking the pattern or format, or past the length. */
function badStrings(s: JsonSchema): fc.Arbitrary<unknown>[] {
  const out: fc.Arbitrary<unknown>[] = [];
  if (Array.isArray(s.enum)) {
    const allowed = new Set(s.enum);
    out.push(hostileString.filter((v) => !allowed.has(v)));
  }
  if (typeof s.pattern === 'string') {
    const pattern = new RegExp(s.pattern);
    out.push(hostileString.filter((v) => !pattern.test(v)));
  } else if (s.format === 'uri') {
    out.push(hostileString.filter((v) => !URL.canParse(v)));
  }
  if (typeof s.maxLength === 'number') {
    const over = s.maxLength + 1;
    out.push(fc.constantFrom(...METACHARACTERS.slice(0, 12)).map((m) => m.repeat(over)));
  }
  if (typeof s.minLength === 'number' && s.minLength > 0) out.push(fc.constant(''));
  return out;
}

/**
 * An object of the schema's own properties only (no unknown key), each given
 * a value the schema must refuse: every required one, and any of the others;
 * at least one in all. Properties that accept anything are left out.
 */
export function wrongFields(
  schema: JsonSchema,
  resolve: Resolve,
): fc.Arbitrary<Record<string, unknown>> | undefined {
  const s = resolve(schema);
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  const arbitraries = Object.fromEntries(
    Object.entries(properties).flatMap(([name, p]) => {
      const wrong = wrongFor(p, resolve);
      return wrong ? [[name, wrong] as const] : [];
    }),
  );
  const names = Object.keys(arbitraries);
  if (names.length === 0) return undefined;
  const required = ((s.required ?? []) as string[]).filter((r) => r in arbitraries);
  return fc
    .record(arbitraries, { requiredKeys: required })
    .filter((body) => Object.keys(body).length > 0);
}
