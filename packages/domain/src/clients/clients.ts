import { decodeCursor, encodeCursor, toPage, type Page } from '@referral/db';
import type { DomainContext } from '../context';
import { SqlParams } from '@referral/db';
import { CustomerTokens } from '../tokens/customer-tokens';
import type { ClientFilter, PartnerClient } from './client';
import {
  clientConditions,
  findPartnerClient,
  PARTNER_CLIENT_SELECT,
  toPartnerClient,
  type PartnerClientRow,
} from './partner-client-query';

export type MintTokenOutcome =
  | { outcome: 'not_found' }
  | { outcome: 'link_archived' }
  | { outcome: 'minted'; token: string; expiresAt: string; clientId: string };

/** A partner's clients: reads, and customer-API tokens for them. */
export class Clients {
  private readonly tokens: CustomerTokens;

  constructor(private readonly ctx: DomainContext) {
    this.tokens = new CustomerTokens(ctx.pool);
  }

  /** Newest link first; `cursor` is the previous page's `nextCursor`. */
  async list(
    partnerId: string,
    filter: ClientFilter,
    { limit = 50, cursor }: { limit?: number; cursor?: string } = {},
  ): Promise<Page<PartnerClient>> {
    const params = new SqlParams([partnerId]);
    const where = clientConditions(filter, params);
    const after = cursor && decodeCursor(cursor);
    const { rows } = await this.ctx.pool.query<PartnerClientRow>(
      `${PARTNER_CLIENT_SELECT}
       WHERE ${where} ${after ? `AND l.id < ${params.add(after)}` : ''}
       ORDER BY l.id DESC LIMIT ${params.add(limit + 1)}`,
      params.values,
    );
    return toPage(
      rows,
      limit,
      (row) => toPartnerClient(this.ctx, row),
      (row) => encodeCursor(row.link_id),
    );
  }

  /** The client as this partner sees it; undefined when the partner has no link to it. */
  get(partnerId: string, clientId: string): Promise<PartnerClient | undefined> {
    return findPartnerClient(this.ctx.pool, this.ctx, partnerId, clientId);
  }

  /** A 30-minute customer-API token for one of the partner's active clients. */
  async mintToken(partnerId: string, clientId: string): Promise<MintTokenOutcome> {
    const client = await this.get(partnerId, clientId);
    if (!client) return { outcome: 'not_found' };
    if (client.linkStatus === 'archived') return { outcome: 'link_archived' };
    return { outcome: 'minted', clientId, ...(await this.tokens.mint(clientId, partnerId)) };
  }

  /** Who a customer-API token acts for, or why it does not. */
  checkToken(token: string) {
    return this.tokens.check(token);
  }
}
