import { PartnerId } from '@referral/events';
import { z } from 'zod';

/** `POST /dashboard/api/session`: sign in with the Partner GUID. */
export const LoginInput = z.strictObject({
  partnerId: z.string().trim().pipe(PartnerId),
});
export type LoginInput = z.infer<typeof LoginInput>;

/** The signed-in partner, and the token its writes must carry. */
export const SessionInfo = z.object({
  partner: z.object({ id: z.uuid(), name: z.string() }),
  csrfToken: z.string(),
  expiresAt: z.string().describe('When the session ends unless the partner logs out first'),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/**
 * Problem types the dashboard API answers with besides validation errors:
 * the SPA shows the login page for both, with a message for the first.
 */
export const SESSION_EXPIRED = 'session-expired';
export const NOT_SIGNED_IN = 'not-signed-in';
