import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { Partner } from '@referral/domain';
import type { Reply } from './outcomes/respond';
import { requestContext, type CustomerIdentity } from './request-context';
import { parseInput, type InputSchemas, type ParsedInput } from './validate';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Auth = 'partner' | 'admin' | 'customer' | 'public';

export interface ResponseSpec {
  description: string;
  /** Omitted for empty responses (204) and files (`contentType` says which). */
  schema?: z.ZodType;
  /**
   * Defaults to application/json; problems thrown with extension members say
   * application/problem+json; a file without a schema lists its media types, comma-separated.
   */
  contentType?: string;
}

/** What the OpenAPI document says about a route; input schemas come beside it. */
export interface RouteDoc {
  method: Method;
  /** Express syntax: `/v1/webhooks/subscriptions/:id`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  responses: Record<number, ResponseSpec>;
  /** Problem statuses beyond those implied by input, auth and path ids (400/401/404/413/429). */
  problems?: number[];
}

export interface RegisteredRoute extends RouteDoc, InputSchemas {
  auth: Auth;
  handle(req: Request, res: Response): Promise<Reply>;
}

type Handler<S extends InputSchemas, C> = (input: ParsedInput<S> & C) => Promise<Reply> | Reply;

/**
 * Every route of the app, with its schemas. Express and the OpenAPI document
 * are both built from this list, so the document cannot drift from the routes.
 */
export class RouteRegistry {
  readonly routes: RegisteredRoute[] = [];

  partner<S extends InputSchemas>(
    spec: RouteDoc & S,
    handler: Handler<S, { partner: Partner; tenantId: string }>,
  ): void {
    this.add('partner', spec, (input, res) => {
      const partner = requestContext(res).partner!;
      return handler({ ...input, partner, tenantId: partner.id });
    });
  }

  /**
   * A partner route and its operator twin under /admin. One handler serves
   * both: `tenantId` is the calling partner's, or null (any partner) for an
   * operator.
   */
  partnerAndAdmin<S extends InputSchemas>(
    spec: RouteDoc & S,
    admin: { path: string; operationId: string },
    handler: Handler<S, { tenantId: string | null }>,
  ): void {
    this.partner(spec, (input) => handler(input));
    this.admin(
      { ...spec, ...admin, tags: ['Admin'], summary: `${spec.summary} (any partner)` },
      (input) => handler({ ...input, tenantId: null }),
    );
  }

  /** Customer-API routes: a client bearer token minted by a partner. */
  customer<S extends InputSchemas>(
    spec: RouteDoc & S,
    handler: Handler<S, { customer: CustomerIdentity }>,
  ): void {
    this.add('customer', spec, (input, res) =>
      handler({ ...input, customer: requestContext(res).customer! }),
    );
  }

  admin<S extends InputSchemas>(spec: RouteDoc & S, handler: Handler<S, object>): void {
    this.add('admin', spec, (input) => handler(input));
  }

  unauthenticated<S extends InputSchemas>(spec: RouteDoc & S, handler: Handler<S, object>): void {
    this.add('public', spec, (input) => handler(input));
  }

  private add<S extends InputSchemas>(
    auth: Auth,
    spec: RouteDoc & S,
    run: (input: ParsedInput<S>, res: Response) => Promise<Reply> | Reply,
  ): void {
    const clash = this.routes.find((r) => r.method === spec.method && r.path === spec.path);
    if (clash) throw new Error(`route ${spec.method.toUpperCase()} ${spec.path} registered twice`);
    this.routes.push({
      ...spec,
      auth,
      handle: async (req, res) => run(parseInput(spec, req), res),
    });
  }
}

export interface MountOptions {
  /** Middleware run before the handler, per kind of route (rate limit, auth). */
  before: Record<Auth, RequestHandler[]>;
  /** Parses JSON bodies; only routes that take a body get it. */
  jsonBody: RequestHandler;
  /** Check each reply against its documented schema (tests turn this on). */
  checkResponses: boolean;
}

export function mountRoutes(
  router: Pick<Router, Method>,
  registry: RouteRegistry,
  options: MountOptions,
): void {
  for (const route of registry.routes) {
    const chain = [...options.before[route.auth], ...(route.body ? [options.jsonBody] : [])];
    router[route.method](route.path, ...chain, async (req: Request, res: Response) => {
      const reply = await route.handle(req, res);
      if (options.checkResponses) checkReply(route, reply);
      res.status(reply.status).set(reply.headers ?? {});
      if (reply.body === undefined) res.end();
      // A file (its headers say what it is); everything else is JSON.
      else if (Buffer.isBuffer(reply.body)) res.send(reply.body);
      else res.json(reply.body);
    });
  }
}

function checkReply(route: RegisteredRoute, reply: Reply): void {
  const documented = route.responses[reply.status];
  const name = `${route.method.toUpperCase()} ${route.path}`;
  if (!documented) throw new Error(`${name} replied ${reply.status}, which is not documented`);
  const result = documented.schema?.safeParse(reply.body);
  if (result && !result.success) {
    throw new Error(`${name} reply does not match its schema: ${result.error.message}`);
  }
}
