import type { Queryable } from '@referral/db';
import type { ContractType } from '@referral/events';
import type { z } from 'zod';
import type { ContractStatus } from './case';
import { requiredContracts } from './contract-rules';

type Status = z.infer<typeof ContractStatus>;

/** Each contract a case against a debtor in `country` needs, signed or missing. */
export async function contractStatuses(
  db: Queryable,
  clientId: string,
  country: string,
): Promise<Status[]> {
  const { rows } = await db.query<{ contract_type: ContractType; signed_at: Date }>(
    `SELECT 'sdca' AS contract_type, sdca_signed_at AS signed_at
     FROM clients WHERE id = $1 AND sdca_signed_at IS NOT NULL
     UNION ALL
     SELECT contract_type, signed_at FROM client_contracts WHERE client_id = $1 AND country = $2`,
    [clientId, country],
  );
  const signed = new Map(rows.map((r) => [r.contract_type, r.signed_at]));
  return requiredContracts(country).map((type) => {
    const signedAt = signed.get(type);
    return signedAt
      ? { type, status: 'signed', signedAt: signedAt.toISOString() }
      : { type, status: 'missing', signedAt: null };
  });
}

/** The contracts still to sign before a case against a debtor in `country` can start. */
export async function missingContracts(
  db: Queryable,
  clientId: string,
  country: string,
): Promise<ContractType[]> {
  return (await contractStatuses(db, clientId, country))
    .filter((c) => c.status === 'missing')
    .map((c) => c.type);
}
