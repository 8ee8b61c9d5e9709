import type { z } from 'zod';
import type { RegisteredRoute, RouteRegistry } from '../http/route-registry';
import { Problem } from '../http/problem';
import { SchemaConverter, type JsonSchema } from './json-schema';

export interface DocumentInfo {
  title: string;
  version: string;
  description?: string;
}

const PROBLEM_TITLES: Record<number, string> = {
  400: 'Invalid input; `errors` names each failing field',
  401: 'Missing or invalid bearer token',
  403: 'The token may not act here (its partner’s link to the client is archived)',
  404: 'Not found, or not yours',
  409: 'Conflicts with the current state; `detail` says what to do',
  410: 'Gone: expired or used up',
  413: 'Body larger than 256 kB',
  415: 'Body is not JSON',
  422: 'Valid, but refused until something is done first; `type` and `detail` say what',
  429: 'Rate limited; see Retry-After',
};

const SECURITY_SCHEMES = {
  partner: 'partnerApiKey',
  admin: 'adminToken',
  customer: 'customerToken',
} as const;

/** Express `:id` → OpenAPI `{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

/** The OpenAPI 3.1 document of every registered route. */
export function buildOpenApiDocument(registry: RouteRegistry, info: DocumentInfo) {
  const schemas = new SchemaConverter();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of registry.routes) {
    paths[openApiPath(route.path)] ??= {};
    paths[openApiPath(route.path)]![route.method] = operation(route, schemas);
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas: schemas.components,
      securitySchemes: {
        partnerApiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'A partner API key (`rpk_…`), sent as `Authorization: Bearer <key>`',
        },
        adminToken: {
          type: 'http',
          scheme: 'bearer',
          description: "The operators' ADMIN_TOKEN, sent as `Authorization: Bearer <token>`",
        },
        customerToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A customer-API token (`ctk_…`) minted by POST /v1/clients/{id}/tokens; valid 30 minutes',
        },
      },
    },
  };
}

function operation(route: RegisteredRoute, schemas: SchemaConverter) {
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    responses[status] = {
      description: spec.description,
      ...(spec.schema
        ? {
            content: {
              [spec.contentType ?? 'application/json']: {
                schema: schemas.convert(spec.schema, 'output'),
              },
            },
          }
        : spec.contentType
          ? // A file: each of its media types (comma-separated) as bytes.
            {
              content: Object.fromEntries(
                spec.contentType
                  .split(',')
                  .map((type) => [type.trim(), { schema: { type: 'string', format: 'binary' } }]),
              ),
            }
          : {}),
    };
  }
  const problem = { schema: schemas.convert(Problem, 'output') };
  for (const status of problemStatuses(route)) {
    responses[String(status)] ??= {
      description: PROBLEM_TITLES[status] ?? 'Problem',
      content: { 'application/problem+json': problem },
    };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: route.tags,
    security: route.auth === 'public' ? [] : [{ [SECURITY_SCHEMES[route.auth]]: [] }],
    parameters: [
      ...parameters(route.params, 'path', schemas),
      ...parameters(route.query, 'query', schemas),
    ],
    ...(route.body
      ? {
          requestBody: {
            // No body reads as {}, so the body is optional exactly when {} is valid.
            required: !route.body.safeParse({}).success,
            content: { 'application/json': { schema: schemas.convert(route.body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

function problemStatuses(route: RegisteredRoute): number[] {
  const statuses = new Set(route.problems ?? []);
  if (route.params || route.query || route.body) statuses.add(400);
  if (route.body) [413, 415].forEach((s) => statuses.add(s));
  if (route.auth !== 'public') [401, 429].forEach((s) => statuses.add(s));
  if (route.auth === 'customer') statuses.add(403);
  if (route.path.includes(':')) statuses.add(404);
  return [...statuses].sort();
}

/** Each property of an object schema as one OpenAPI parameter. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query', s: SchemaConverter) {
  if (!schema) return [];
  const json = s.convert(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}
