import { generateSecret } from '@referral/webhook-signature';
import {
  decodeCursor,
  idCursor,
  toPage,
  withTransaction,
  type Page,
  type Pool,
  type Queryable,
} from '@referral/db';
import type { EventData } from '@referral/events';
import type { JobProducer } from '../job-producer';
import type { EventPublisher } from '../outbox/event-publisher';
import type { SecretCipher } from './secret-cipher';
import {
  SUBSCRIPTION_COLUMNS,
  toSubscription,
  toTenantSubscription,
  type Subscription,
  type SubscriptionRow,
  type SubscriptionStatus,
  type SubscriptionWithSecret,
  type TenantSubscription,
} from './subscription';
import { urlProblem, type UrlPolicy } from './url-policy';

/** How long a rotated-out secret keeps signing, so receivers can switch over. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

export interface NewSubscription {
  url: string;
  eventTypes: string[];
  description?: string | null;
}

export type SubscriptionPatch = Partial<NewSubscription>;

/** What operators filter every tenant's subscriptions by; all optional. */
export interface OperatorSubscriptionFilter {
  tenantId?: string | undefined;
  status?: SubscriptionStatus | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

type NotFound = { outcome: 'not_found' };
const notFound: NotFound = { outcome: 'not_found' };

/** A URL the policy refuses; `problem` says why, in words fit for the caller. */
type InvalidUrl = { outcome: 'invalid_url'; problem: string };

export interface SubscriptionServiceDeps {
  pool: Pool;
  cipher: SecretCipher;
  queues: JobProducer;
  outbox: EventPublisher;
  urlPolicy: UrlPolicy;
}

/**
 * Subscriptions of one tenant. The URL policy is enforced here, whoever calls;
 * event types are the caller's to check against its catalogue. Every method is
 * scoped by tenant, so another tenant's id reads as not found.
 */
export class SubscriptionService {
  private readonly pool: Pool;
  private readonly cipher: SecretCipher;
  private readonly queues: JobProducer;

  constructor(private readonly deps: SubscriptionServiceDeps) {
    this.pool = deps.pool;
    this.cipher = deps.cipher;
    this.queues = deps.queues;
  }

  /** Why a subscription URL is refused, or undefined when it is acceptable. */
  urlProblem(url: string): string | undefined {
    return urlProblem(url, this.deps.urlPolicy);
  }

  async create(
    tenantId: string,
    input: NewSubscription,
  ): Promise<{ outcome: 'created'; subscription: SubscriptionWithSecret } | InvalidUrl> {
    const problem = this.urlProblem(input.url);
    if (problem) return { outcome: 'invalid_url', problem };
    const secret = generateSecret();
    const row = await withTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<SubscriptionRow>(
        `INSERT INTO webhook_subscriptions (id, tenant_id, url, event_types, description)
         VALUES (prefixed_id('sub'), $1, $2, $3, $4) RETURNING ${SUBSCRIPTION_COLUMNS}`,
        [tenantId, input.url, dedupe(input.eventTypes), input.description ?? null],
      );
      await this.storeSecret(tx, rows[0]!.id, secret);
      return rows[0]!;
    });
    return { outcome: 'created', subscription: { ...toSubscription(row), secret } };
  }

  async list(
    tenantId: string,
    { limit = 50, cursor }: { limit?: number; cursor?: string } = {},
  ): Promise<Page<Subscription>> {
    const after = cursor ? decodeCursor(cursor) : undefined;
    const { rows } = await this.pool.query<SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions
       WHERE tenant_id = $1 AND deleted_at IS NULL AND ($2::text IS NULL OR id < $2)
       ORDER BY id DESC LIMIT $3`,
      [tenantId, after ?? null, limit + 1],
    );
    return toPage(rows, limit, toSubscription, idCursor);
  }

  async get(tenantId: string, id: string): Promise<Subscription | undefined> {
    const row = await this.findRow(this.pool, tenantId, id);
    return row && toSubscription(row);
  }

  /** Operators: any tenant's subscription, naming its tenant. */
  async getAcrossTenants(id: string): Promise<TenantSubscription | undefined> {
    const row = await this.findRow(this.pool, null, id);
    return row && toTenantSubscription(row);
  }

  async update(
    tenantId: string,
    id: string,
    patch: SubscriptionPatch,
  ): Promise<{ outcome: 'updated'; subscription: Subscription } | NotFound | InvalidUrl> {
    const problem = patch.url === undefined ? undefined : this.urlProblem(patch.url);
    if (problem) return { outcome: 'invalid_url', problem };
    const { rows } = await this.pool.query<SubscriptionRow>(
      `UPDATE webhook_subscriptions SET
         url = COALESCE($3, url),
         event_types = COALESCE($4, event_types),
         description = CASE WHEN $5 THEN $6 ELSE description END,
         updated_at = now()
       WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL
       RETURNING ${SUBSCRIPTION_COLUMNS}`,
      [
        tenantId,
        id,
        patch.url ?? null,
        patch.eventTypes ? dedupe(patch.eventTypes) : null,
        patch.description !== undefined,
        patch.description ?? null,
      ],
    );
    return rows[0] ? { outcome: 'updated', subscription: toSubscription(rows[0]) } : notFound;
  }

  /**
   * Soft-deletes: history stays readable by operators. Deliveries still waiting
   * are cancelled, visibly, rather than dropped.
   */
  async remove(tenantId: string, id: string): Promise<{ outcome: 'deleted' } | NotFound> {
    return withTransaction(this.pool, async (tx) => {
      const { rowCount } = await tx.query(
        `UPDATE webhook_subscriptions SET deleted_at = now(), updated_at = now()
         WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL`,
        [tenantId, id],
      );
      if (!rowCount) return notFound;
      await tx.query(
        `UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL, updated_at = now()
         WHERE subscription_id = $1 AND status IN ('pending', 'parked')`,
        [id],
      );
      return { outcome: 'deleted' as const };
    });
  }

  /** A new secret signs from now on; the previous one keeps signing for 24 h. */
  async rotateSecret(
    tenantId: string,
    id: string,
  ): Promise<{ outcome: 'rotated'; secret: string; previousSecretExpiresAt: string } | NotFound> {
    return withTransaction(this.pool, async (tx) => {
      const row = await this.findRow(tx, tenantId, id, 'FOR UPDATE');
      if (!row) return notFound;
      const expiresAt = new Date(Date.now() + ROTATION_OVERLAP_MS);
      await tx.query(
        `UPDATE webhook_subscription_secrets SET expires_at = $2
         WHERE subscription_id = $1 AND (expires_at IS NULL OR expires_at > $2)`,
        [id, expiresAt],
      );
      const secret = generateSecret();
      await this.storeSecret(tx, id, secret);
      await tx.query(`UPDATE webhook_subscriptions SET updated_at = now() WHERE id = $1`, [id]);
      return {
        outcome: 'rotated' as const,
        secret,
        previousSecretExpiresAt: expiresAt.toISOString(),
      };
    });
  }

  /**
   * Re-enable a subscription and reset its failure count. With replay, its
   * parked deliveries and the failed ones since its last success are
   * delivered again, oldest first. `tenantId` null is the operators' view.
   */
  async enable(
    tenantId: string | null,
    id: string,
    { replay = false }: { replay?: boolean } = {},
  ): Promise<{ outcome: 'enabled'; subscription: Subscription; replayed: number } | NotFound> {
    const result = await withTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<SubscriptionRow>(
        `UPDATE webhook_subscriptions SET status = 'enabled', consecutive_failures = 0,
           disabled_reason = NULL, disabled_at = NULL, updated_at = now()
         WHERE id = $1 AND ($2::uuid IS NULL OR tenant_id = $2) AND deleted_at IS NULL
         RETURNING ${SUBSCRIPTION_COLUMNS}`,
        [id, tenantId],
      );
      if (!rows[0]) return undefined;
      const replayed = replay ? await this.requeueParkedAndFailed(tx, id) : [];
      return { subscription: toSubscription(rows[0]), replayed };
    });
    if (!result) return notFound;
    await this.queues.afterCommit({ subscriptionId: id, replayed: result.replayed.length }, () =>
      this.queues.enqueueDeliveries(
        result.replayed.map((deliveryId) => ({ id: deliveryId, subscriptionId: id })),
      ),
    );
    return {
      outcome: 'enabled',
      subscription: result.subscription,
      replayed: result.replayed.length,
    };
  }

  /**
   * A `webhook.test` event to this subscription only, whatever its event
   * types. A disabled subscription is refused: the event would only be parked.
   * `tenantId` null is the operators' view; the event is the subscription's tenant's.
   */
  async sendTestEvent(
    tenantId: string | null,
    id: string,
  ): Promise<
    { outcome: 'sent'; eventId: string } | NotFound | { outcome: 'subscription_disabled' }
  > {
    const subscription = await this.findRow(this.pool, tenantId, id);
    if (!subscription) return notFound;
    if (subscription.status === 'disabled') return { outcome: 'subscription_disabled' };
    const data: EventData<'webhook.test'> = {
      subscriptionId: subscription.id,
      message: 'This is a test event from the referral platform.',
    };
    const event = await this.deps.outbox.publish({
      tenantId: subscription.tenant_id,
      type: 'webhook.test',
      data,
      targetSubscriptionId: subscription.id,
    });
    return { outcome: 'sent', eventId: event.id };
  }

  /**
   * Operators: subscriptions of every tenant (or of one), optionally only
   * those in one status; most recent first.
   */
  async listAcrossTenants({
    tenantId,
    status,
    limit = 50,
    cursor,
  }: OperatorSubscriptionFilter = {}): Promise<Page<TenantSubscription>> {
    const after = cursor ? decodeCursor(cursor) : undefined;
    const { rows } = await this.pool.query<SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions
       WHERE deleted_at IS NULL AND ($1::uuid IS NULL OR tenant_id = $1)
         AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR id < $3)
       ORDER BY id DESC LIMIT $4`,
      [tenantId ?? null, status ?? null, after ?? null, limit + 1],
    );
    return toPage(rows, limit, toTenantSubscription, idCursor);
  }

  /** Parked, and failed since the last success, back to pending; ids oldest first. */
  private async requeueParkedAndFailed(tx: Queryable, subscriptionId: string) {
    // Ordered in SQL: created_at has microseconds, a JS Date only milliseconds.
    const { rows } = await tx.query<{ id: string }>(
      `WITH last_success AS (
         SELECT max(created_at) AS at FROM webhook_deliveries
         WHERE subscription_id = $1 AND status = 'succeeded'
       ), requeued AS (
         UPDATE webhook_deliveries d SET status = 'pending', round_attempts = 0,
           next_attempt_at = now(), updated_at = now()
         FROM last_success
         WHERE d.subscription_id = $1
           AND (d.status = 'parked'
                OR (d.status = 'failed' AND (last_success.at IS NULL OR d.created_at > last_success.at)))
         RETURNING d.id, d.created_at
       )
       SELECT id FROM requeued ORDER BY created_at, id`,
      [subscriptionId],
    );
    return rows.map((r) => r.id);
  }

  /** `tenantId` null finds any tenant's. */
  private async findRow(q: Queryable, tenantId: string | null, id: string, lock = '') {
    const { rows } = await q.query<SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions
       WHERE ($1::uuid IS NULL OR tenant_id = $1) AND id = $2 AND deleted_at IS NULL ${lock}`,
      [tenantId, id],
    );
    return rows[0];
  }

  private async storeSecret(tx: Queryable, subscriptionId: string, secret: string) {
    await tx.query(
      `INSERT INTO webhook_subscription_secrets (subscription_id, encrypted) VALUES ($1, $2)`,
      [subscriptionId, this.cipher.encrypt(secret)],
    );
  }
}

function dedupe(eventTypes: string[]): string[] {
  return [...new Set(eventTypes)];
}
