import { z } from 'zod';
import { parseEventData } from '@referral/events';
import type { AppDeps } from '../../app-deps';
import { partnerProblems } from '../../http/outcomes/partners';
import { found, respond } from '../../http/outcomes/respond';
import type { RouteRegistry } from '../../http/route-registry';
import { EventAccepted, EventTypeName } from '../../schemas';

/** `data` is checked against its type's schema; its issues are named `data.<path>`. */
const PublishEventBody = z
  .strictObject({
    partnerId: z.uuid(),
    type: EventTypeName,
    data: z.record(z.string(), z.unknown()),
  })
  .transform((body, ctx) => {
    const parsed = parseEventData(body.type, body.data);
    if (parsed.success) return { ...body, data: parsed.data };
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: 'custom', path: ['data', ...issue.path], message: issue.message });
    }
    return z.NEVER;
  });

/** Operators publish an event for a partner, as the platform would. */
export function adminEventRoutes(routes: RouteRegistry, { engine, partners }: AppDeps): void {
  routes.admin(
    {
      method: 'post',
      path: '/admin/events',
      operationId: 'publishEvent',
      summary: 'Publish an event for a partner, as the platform would',
      tags: ['Admin'],
      body: PublishEventBody,
      responses: { 202: { description: 'Published', schema: EventAccepted } },
      problems: [404],
    },
    async ({ body }) =>
      respond(
        found(await partners.get(body.partnerId)),
        partnerProblems,
        { id: body.partnerId, field: 'partnerId' },
        {
          found: async ({ value: partner }) => {
            const event = await engine.outbox.publish({
              tenantId: partner.id,
              type: body.type,
              data: body.data,
            });
            return { status: 202, body: { eventId: event.id } };
          },
        },
      ),
  );
}
