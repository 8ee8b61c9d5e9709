import { ClientLink } from '@referral/domain';
import type { AppDeps } from '../../app-deps';
import { linkProblems } from '../../http/outcomes/links';
import { respond } from '../../http/outcomes/respond';
import type { RouteRegistry } from '../../http/route-registry';
import { IdParams } from '../../schemas';

/** Operators archive a link between a partner and a client, and restore it. */
export function adminLinkRoutes(routes: RouteRegistry, { domain }: AppDeps): void {
  for (const action of ['archive', 'restore'] as const) {
    routes.admin(
      {
        method: 'post',
        path: `/admin/links/:id/${action}`,
        operationId: `${action}Link`,
        summary:
          action === 'archive'
            ? 'Archive a link: payouts from now on earn no fee through it (client.link_archived)'
            : 'Restore an archived link (client.link_restored)',
        description: 'Repeating it changes nothing and emits nothing.',
        tags: ['Admin'],
        params: IdParams,
        responses: { 200: { description: 'The link', schema: ClientLink } },
      },
      async ({ params }) =>
        respond(await domain.links[action](params.id), linkProblems, params, {
          archived: ({ link }) => ({ status: 200, body: link }),
          restored: ({ link }) => ({ status: 200, body: link }),
          unchanged: ({ link }) => ({ status: 200, body: link }),
        }),
    );
  }
}
