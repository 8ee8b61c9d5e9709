import { randomUUID } from 'node:crypto';
import type { Pool } from '@referral/db';
import { z } from 'zod';
import { generateApiKey, hashApiKey, looksLikeApiKey } from './api-key';

export const Partner = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.string(),
});
export type Partner = z.infer<typeof Partner>;

interface PartnerRow {
  id: string;
  name: string;
  created_at: Date;
}

const toPartner = (row: PartnerRow): Partner => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at.toISOString(),
});

/** Partners: the tenants of the platform. The API key is shown once, stored hashed. */
export class PartnerService {
  constructor(private readonly pool: Pool) {}

  async create(name: string): Promise<{ partner: Partner; apiKey: string }> {
    const apiKey = generateApiKey();
    const { rows } = await this.pool.query<PartnerRow>(
      `INSERT INTO partners (id, name, api_key_hash) VALUES ($1, $2, $3)
       RETURNING id, name, created_at`,
      [randomUUID(), name, hashApiKey(apiKey)],
    );
    return { partner: toPartner(rows[0]!), apiKey };
  }

  /** The partner an API key belongs to, or undefined. */
  async authenticate(apiKey: string): Promise<Partner | undefined> {
    if (!looksLikeApiKey(apiKey)) return undefined;
    const { rows } = await this.pool.query<PartnerRow>(
      `SELECT id, name, created_at FROM partners WHERE api_key_hash = $1`,
      [hashApiKey(apiKey)],
    );
    return rows[0] && toPartner(rows[0]);
  }

  async get(id: string): Promise<Partner | undefined> {
    if (!z.uuid().safeParse(id).success) return undefined;
    const { rows } = await this.pool.query<PartnerRow>(
      `SELECT id, name, created_at FROM partners WHERE id = $1`,
      [id],
    );
    return rows[0] && toPartner(rows[0]);
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(`SELECT count(*) AS n FROM partners`);
    return rows[0]!.n;
  }
}
