import { z } from 'zod';
import type { RouteRegistry } from '../http/route-registry';
import { buildOpenApiDocument } from '../openapi/build-document';

/** The OpenAPI 3.1 document, built from the same registry express serves. */
export function openApiRoutes(routes: RouteRegistry): void {
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  routes.unauthenticated(
    {
      method: 'get',
      path: '/openapi.json',
      operationId: 'openApiDocument',
      summary: 'This document',
      tags: ['Meta'],
      responses: {
        200: { description: 'OpenAPI 3.1', schema: z.record(z.string(), z.unknown()) },
      },
    },
    () => {
      // Built on first request, once every router has registered.
      document ??= buildOpenApiDocument(routes, {
        title: 'Referral platform API',
        version: '1.0.0',
        description:
          'Partner webhook API (`/v1/webhooks`), operator API (`/admin`) and health checks. ' +
          'Errors are RFC 9457 problem JSON.',
      });
      return { status: 200, body: document };
    },
  );
}
