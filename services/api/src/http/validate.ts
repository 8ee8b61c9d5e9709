import type { Request } from 'express';
import type { z } from 'zod';
import { HttpProblem, validationProblem, type FieldError } from './problem';

export interface InputSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
}

type Parsed<S extends z.ZodType | undefined> = S extends z.ZodType ? z.output<S> : undefined;

export interface ParsedInput<S extends InputSchemas> {
  params: Parsed<S['params']>;
  query: Parsed<S['query']>;
  body: Parsed<S['body']>;
}

/**
 * The one place request input meets zod. Params, query and body are checked
 * together so a single 400 names every failing field; a handler only ever sees
 * parsed values.
 */
export function parseInput<S extends InputSchemas>(schemas: S, req: Request): ParsedInput<S> {
  if (schemas.body && hasBody(req) && !req.is(['application/json', 'application/*+json'])) {
    throw new HttpProblem({
      status: 415,
      title: 'Unsupported Media Type',
      detail: 'Send the body as JSON with Content-Type: application/json.',
      errors: [{ field: 'body', message: 'must be application/json' }],
    });
  }
  const errors: FieldError[] = [
    ...unstorableText(req.params, 'params'),
    ...unstorableText(req.query, 'query'),
    ...(schemas.body ? unstorableText(req.body, 'body') : []),
  ];
  if (errors.length) throw validationProblem(errors);
  const parse = (schema: z.ZodType | undefined, value: unknown, root: string) => {
    if (!schema) return undefined;
    const result = schema.safeParse(value);
    if (result.success) return result.data as unknown;
    errors.push(...toFieldErrors(result.error, root));
    return undefined;
  };
  const params = parse(schemas.params, req.params, 'params');
  const query = parse(schemas.query, req.query, 'query');
  // No body at all reads as {}: optional-body routes then work without one.
  const body = parse(schemas.body, req.body ?? {}, 'body');
  if (errors.length) throw validationProblem(errors);
  return { params, query, body } as ParsedInput<S>;
}

/** An empty POST (Content-Length: 0, as fetch sends) has no body to type-check. */
function hasBody(req: Request): boolean {
  return req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;
}

/** Zod issues as `{field, message}`: the field is the dotted path in the input. */
export function toFieldErrors(error: z.ZodError, root = 'body', prefix: PropertyKey[] = []) {
  return error.issues.flatMap((issue): FieldError[] => {
    const path = [...prefix, ...issue.path].map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [...path, key].join('.'),
        message: 'unknown field',
      }));
    }
    return [{ field: path.length ? path.join('.') : root, message: issue.message }];
  });
}

/** In a `u` regex a surrogate pair is one code point: only an unpaired half matches. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Postgres text cannot hold U+0000 (a string with one fails in the database,
 * as a 500) nor a lone surrogate (UTF-8 has no encoding for it: it would be
 * stored silently as U+FFFD, so what is read back differs from what was
 * sent). Both refused here, for every field at once, whatever the schema.
 * Iterative, so a deeply nested body cannot overflow the stack.
 */
function unstorableText(input: unknown, root: string): FieldError[] {
  interface Node {
    value: unknown;
    key?: string;
    parent?: Node;
  }
  const fieldOf = (node: Node) => {
    const path: string[] = [];
    for (let n: Node | undefined = node; n?.key !== undefined; n = n.parent) path.unshift(n.key);
    return path.length ? path.join('.') : root;
  };
  const errors: FieldError[] = [];
  const check = (text: string, node: Node) => {
    if (text.includes('\u0000'))
      errors.push({ field: fieldOf(node), message: 'must not contain NUL characters' });
    else if (LONE_SURROGATE.test(text))
      errors.push({ field: fieldOf(node), message: 'must not contain lone surrogates' });
  };
  const stack: Node[] = [{ value: input }];
  while (stack.length > 0 && errors.length < 20) {
    const node = stack.pop()!;
    if (typeof node.value === 'string') {
      check(node.value, node);
    } else if (node.value !== null && typeof node.value === 'object') {
      for (const [key, value] of Object.entries(node.value)) {
        const child = { value, key, parent: node };
        check(key, child);
        stack.push(child);
      }
    }
  }
  return errors;
}
