import fc from 'fast-check';
import { apiClient, type Json } from '../helpers/api-client';
import { hostedPage, newCompany } from '../helpers/clients';
import { newCase } from '../helpers/cases';
import { hostileBody, hostileString, METACHARACTERS, POLLUTION_KEYS } from './hostile-values';
import { resolverOf, wrongFields, type JsonSchema } from './wrong-typed-values';
import {
  changedTables,
  createSecurityWorld,
  databaseDigest,
  documentedOperations,
  type Operation,
  type SecurityWorld,
} from './world';

/**
 * Generated hostile input against every write route of /openapi.json (with a
 * valid credential and real ids, so validation is what answers) and every
 * hosted page form: always a 4xx, never a 5xx; the app still answers; nothing
 * is written; Object.prototype untouched; pages echo nothing unescaped.
 * Bodies of only the route's own fields, each of a wrong type or value, get a
 * 400 naming them: validation of the fields answers, not strictness alone.
 * One seed per run, printed, so a failure can be replayed: SECURITY_SEED=<n>.
 */
const SEED = Number(process.env.SECURITY_SEED ?? Date.now() % 2 ** 31);
const RUNS_PER_ROUTE = 25;
const WRONG_TYPED_RUNS_PER_ROUTE = 20;
const JSON_LIMIT_BYTES = 256 * 1024;
const RUNS_PER_PATH = 8;
const RUNS_PER_FORM = 60;
const ADMIN = 'test-admin-token-0123456789';

let w: SecurityWorld;
let writes: (Operation & {
  properties: string[];
  strict: JsonSchema;
  wrongTyped?: fc.Arbitrary<Record<string, unknown>>;
})[];
let sent = 0;

beforeAll(async () => {
  console.log(`hostile inputs: seed ${SEED} (replay with SECURITY_SEED=${SEED})`);
  w = await createSecurityWorld();
  const doc = (await apiClient(w.url).get('/openapi.json')).body as Json;
  const resolve = resolverOf(doc);
  writes = (await documentedOperations(w.url))
    .filter((o) => o.method !== 'GET')
    .map((o) => {
      const schema = doc.paths[o.path][o.method.toLowerCase()].requestBody?.content[
        'application/json'
      ]?.schema as JsonSchema | undefined;
      const resolved = schema ? resolve(schema) : {};
      return {
        ...o,
        properties: Object.keys(resolved.properties ?? {}),
        strict: resolved,
        // Under the body limit, or the answer would be 413 before validation.
        wrongTyped: schema
          ? wrongFields(resolved, resolve)?.filter(
              (body) => Buffer.byteLength(JSON.stringify(body)) < JSON_LIMIT_BYTES,
            )
          : undefined,
      };
    });
}, 120_000);
afterAll(async () => {
  console.log(`hostile inputs: ${sent} sent (seed ${SEED})`);
  await w.h.close();
});

function tokenFor(op: Operation): string {
  if (op.scheme === 'adminToken') return ADMIN;
  if (op.scheme === 'customerToken') return w.b.customerToken;
  return w.b.apiKey;
}

/** B's real ids in the path, or `id` when given. */
function pathOf(op: Operation, id?: string): string {
  const real: [RegExp, string][] = [
    [/subscriptions\/\{id\}/, w.b.subscriptionId],
    [/deliveries\/\{id\}/, w.b.deliveryId],
    [/clients\/\{id\}/, w.b.clientId],
    [/partners\/\{id\}/, w.b.partnerId],
    [/links\/\{id\}/, w.b.linkId],
    [/cases\/\{reference\}/, w.b.caseReference],
    [/routing\/\{country\}/, 'DE'],
    [/transactions\/\{id\}/, 'txn_unknown'],
  ];
  const found = real.find(([p]) => p.test(op.path))?.[1];
  return op.path.replace(/\{\w+\}/g, id ?? found ?? 'x');
}

async function send(op: Operation, path: string, raw?: string) {
  sent += 1;
  const res = await fetch(w.url + path, {
    method: op.method,
    headers: {
      authorization: `Bearer ${tokenFor(op)}`,
      ...(raw !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: raw,
  });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    text: await res.text(),
  };
}

/** Every UTF-8 byte as %XX: any string, lone surrogates too (as U+FFFD), makes a valid path. */
const percentEncoded = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** A hosted page's form limit (8 kB, urlencoded). */
const FORM_LIMIT_BYTES = 8 * 1024;

function expectPolluted(): void {
  const probe = {} as Record<string, unknown>;
  expect({ polluted: probe.polluted, isAdmin: probe.isAdmin }).toEqual({
    polluted: undefined,
    isAdmin: undefined,
  });
}

async function expectAlive(): Promise<void> {
  expect((await fetch(`${w.url}/healthz`)).status).toBe(200);
}

describe('every write route of /openapi.json', () => {
  it('has a strict object body, or none: an unknown key is always refused', () => {
    expect(writes.length).toBeGreaterThanOrEqual(20);
    for (const op of writes.filter((o) => o.takesBody)) {
      expect({ op: op.operationId, strict: op.strict.additionalProperties }).toEqual({
        op: op.operationId,
        strict: false,
      });
    }
  });

  it('answers hostile bodies with 4xx problem JSON, stays up, and writes nothing', async () => {
    let n = 0;
    for (const op of writes.filter((o) => o.takesBody)) {
      const before = await databaseDigest(w.h.pool);
      await fc.assert(
        fc.asyncProperty(hostileBody(op.properties), async ({ kind, raw }) => {
          const res = await send(op, pathOf(op), raw);
          const where = `${op.method} ${op.path} (${kind})`;
          expect({ where, clientError: res.status >= 400 && res.status < 500 }).toEqual({
            where,
            clientError: true,
          });
          expect({ where, type: res.type }).toEqual({
            where,
            type: expect.stringMatching(/^application\/problem\+json/),
          });
          if (kind === 'huge JSON') expect(res.status).toBe(413);
        }),
        { seed: SEED + n++, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
      const where = `${op.method} ${op.path}`;
      expect({ where, changed: changedTables(before, await databaseDigest(w.h.pool)) }).toEqual({
        where,
        changed: [],
      });
      expectPolluted();
      await expectAlive();
    }
  });

  it('answers its own fields, each of a wrong type or value, with 400 naming them, and writes nothing', async () => {
    const bodies = writes.filter((o) => o.takesBody);
    // Every body route has fields to get wrong: none is left to the strictness check alone.
    expect(bodies.filter((o) => !o.wrongTyped).map((o) => o.operationId)).toEqual([]);
    let n = 0;
    for (const op of bodies) {
      const before = await databaseDigest(w.h.pool);
      await fc.assert(
        fc.asyncProperty(op.wrongTyped!, async (body) => {
          const raw = JSON.stringify(body);
          const res = await send(op, pathOf(op), raw);
          const where = `${op.method} ${op.path} ${raw.slice(0, 120)}`;
          expect({ where, status: res.status, type: res.type }).toEqual({
            where,
            status: 400,
            type: expect.stringMatching(/^application\/problem\+json/),
          });
          // Every field sent is named (itself or a part of it: `debtor.name`, `eventTypes.0`),
          // unless text Postgres cannot store answered first, for its fields alone. Others may
          // be named too: a field a cross-field rule wants (PATCH /admin/cases: status).
          const named = ((JSON.parse(res.text) as Json).errors ?? []) as {
            field: string;
            message: string;
          }[];
          const names = (f: string) =>
            named.some(({ field }) => field === f || field.startsWith(`${f}.`));
          const sentFields = Object.keys(body);
          const unstorable = named.some((e) => /NUL characters|lone surrogates/.test(e.message));
          expect({
            where,
            named,
            namesOneSent: sentFields.some(names),
            unnamed: unstorable ? [] : sentFields.filter((f) => !names(f)),
          }).toEqual({ where, named, namesOneSent: true, unnamed: [] });
        }),
        { seed: SEED + 3000 + n++, numRuns: WRONG_TYPED_RUNS_PER_ROUTE, endOnFailure: true },
      );
      const where = `${op.method} ${op.path}`;
      expect({ where, changed: changedTables(before, await databaseDigest(w.h.pool)) }).toEqual({
        where,
        changed: [],
      });
    }
    expectPolluted();
    await expectAlive();
  });

  it('answers hostile path ids with 4xx, stays up, and writes nothing', async () => {
    let n = 0;
    for (const op of writes.filter((o) => o.pathParams.length > 0)) {
      const before = await databaseDigest(w.h.pool);
      await fc.assert(
        fc.asyncProperty(hostileString, async (id) => {
          const res = await send(
            op,
            pathOf(op, percentEncoded(id)),
            op.takesBody ? '{}' : undefined,
          );
          const where = `${op.method} ${op.path} id=${JSON.stringify(id).slice(0, 60)}`;
          expect({ where, clientError: res.status >= 400 && res.status < 500 }).toEqual({
            where,
            clientError: true,
          });
        }),
        { seed: SEED + 1000 + n++, numRuns: RUNS_PER_PATH, endOnFailure: true },
      );
      const where = `${op.method} ${op.path}`;
      expect({ where, changed: changedTables(before, await databaseDigest(w.h.pool)) }).toEqual({
        where,
        changed: [],
      });
    }
    await expectAlive();
  });
});

describe('NUL characters and lone surrogates, which Postgres text cannot hold', () => {
  it('in an otherwise valid body: 400 naming the field, nothing written', async () => {
    const before = await databaseDigest(w.h.pool);
    const res = await w.a.api.post('/v1/clients', newCompany({ companyName: 'Nul\u0000 GmbH' }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'companyName', message: 'must not contain NUL characters' },
    ]);
    const sub = await w.a.api.post('/v1/webhooks/subscriptions', {
      url: 'https://hooks.example.com/in',
      eventTypes: ['*'],
      description: 'a\u0000b',
    });
    expect(sub.body.errors).toEqual([
      { field: 'description', message: 'must not contain NUL characters' },
    ]);
    expect(changedTables(before, await databaseDigest(w.h.pool))).toEqual([]);
  });

  it('a lone surrogate (no UTF-8 for it, stored it would read back as U+FFFD): 400 naming the field', async () => {
    const before = await databaseDigest(w.h.pool);
    const partner = await w.admin.post('/admin/partners', { name: 'Lone \ud800 Partner' });
    expect(partner.status).toBe(400);
    expect(partner.body.errors).toEqual([
      { field: 'name', message: 'must not contain lone surrogates' },
    ]);
    const sub = await w.a.api.post('/v1/webhooks/subscriptions', {
      url: 'https://hooks.example.com/in',
      eventTypes: ['*'],
      description: 'half an emoji: \ud83d',
    });
    expect(sub.body.errors).toEqual([
      { field: 'description', message: 'must not contain lone surrogates' },
    ]);
    expect(changedTables(before, await databaseDigest(w.h.pool))).toEqual([]);
    // A pair is one character, not a lone half.
    const paired = await w.a.api.post('/v1/clients', newCompany({ companyName: 'Emoji 🙂 GmbH' }));
    expect(paired.status).toBe(202);
  });

  it('in a path id: 400 naming it', async () => {
    const res = await w.admin.post('/admin/deliveries/%00/redeliver');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'id', message: 'must not contain NUL characters' }]);
  });
});

describe('every hosted page form', () => {
  let forms: { name: string; url: string; fields: string[] }[];

  beforeAll(async () => {
    const a = w.a.api;
    const onboarding = await a.post('/v1/clients', newCompany());
    const contract = await apiClient(w.url, w.b.customerToken).post(
      '/v1/cases',
      newCase({ country: 'AT' }),
    );
    const bClient = (await w.b.api.get(`/v1/clients/${w.b.clientId}`)).body;
    const approval = await a.post('/v1/clients', {
      ...newCompany(),
      companyName: bClient.companyName,
      registrationNumber: bClient.registrationNumber,
      country: bClient.country,
    });
    forms = [
      { name: 'onboarding', url: onboarding.body.onboardingUrl, fields: ['accept', 'signerName'] },
      { name: 'contracts', url: contract.body.solutionUrl, fields: ['accept', 'signerName'] },
      { name: 'link request', url: approval.body.approvalUrl, fields: ['decision'] },
    ];
    for (const f of forms)
      expect({ f: f.name, url: f.url }).toEqual({ f: f.name, url: expect.stringMatching(/^http/) });
  });

  it('answers hostile forms with 4xx, echoes them escaped, and signs nothing', async () => {
    let n = 0;
    for (const form of forms) {
      const before = await databaseDigest(w.h.pool);
      const fieldValue = hostileString.filter(
        (v) => v !== 'yes' && v !== 'approve' && v !== 'reject',
      );
      const arbitrary = fc.record({
        values: fc.tuple(...form.fields.map(() => fieldValue)),
        extraKey: fc.constantFrom(...POLLUTION_KEYS, ...METACHARACTERS, 'accept[]'),
        extra: hostileString,
        oversized: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(arbitrary, async ({ values, extraKey, extra, oversized }) => {
          sent += 1;
          const body = new URLSearchParams();
          form.fields.forEach((f, i) => body.append(f, values[i]!));
          body.append(extraKey, extra);
          if (oversized) body.append('padding', 'x'.repeat(FORM_LIMIT_BYTES));
          const encoded = body.toString();
          const tooLarge = Buffer.byteLength(encoded) > FORM_LIMIT_BYTES;
          const res = await fetch(form.url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: encoded,
          });
          const html = await res.text();
          const where = `${form.name} ${JSON.stringify(values).slice(0, 80)}`;
          expect({ where, status: res.status }).toEqual({ where, status: tooLarge ? 413 : 400 });
          if (tooLarge) {
            expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
            expect(JSON.parse(html)).toMatchObject({ status: 413, errors: [{ field: 'body' }] });
            return;
          }
          expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
          // The pages carry no script at all; whatever was typed comes back as text.
          expect({ where, script: /<script|<svg|<img src=x/i.test(html) }).toEqual({
            where,
            script: false,
          });
          for (const value of [...values, extra]) {
            const text = value.replace(/\u0000/g, '');
            if (/[<>"']/.test(text))
              expect({ where, raw: html.includes(text) }).toEqual({ where, raw: false });
          }
        }),
        { seed: SEED + 2000 + n++, numRuns: RUNS_PER_FORM, endOnFailure: true },
      );
      expect({
        form: form.name,
        changed: changedTables(before, await databaseDigest(w.h.pool)),
      }).toEqual({
        form: form.name,
        changed: [],
      });
      // The page still works: the form shows.
      expect((await hostedPage(form.url)).status).toBe(200);
    }
    expectPolluted();
    await expectAlive();
  });

  it('a signature with a control character in the name is refused, not stored', async () => {
    const before = await databaseDigest(w.h.pool);
    for (const signerName of ['Greta\u0000Berg', 'Greta\u001bBerg']) {
      const res = await hostedPage(forms[0]!.url, { accept: 'yes', signerName });
      expect(res.status).toBe(400);
      expect(res.html).toContain('must not contain control characters');
    }
    expect(changedTables(before, await databaseDigest(w.h.pool))).toEqual([]);
  });

  it('sent at least 500 generated inputs in all', () => {
    expect(sent).toBeGreaterThanOrEqual(500);
  });
});
