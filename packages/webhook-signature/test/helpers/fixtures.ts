import { generateSecret, signatureHeaders } from '@referral/webhook-signature';

export const NOW_SECONDS = 1_700_000_000;
export const now = () => NOW_SECONDS * 1000;

export const body = JSON.stringify({
  id: 'evt_01',
  type: 'case.created',
  createdAt: '2023-11-14T22:13:20.000Z',
  data: { caseId: 'case_1', note: 'Grüße ✓' },
});

/** A secret and the headers of `body` signed with it at NOW_SECONDS. */
export function signedMessage(payload: string | Buffer = body) {
  const secret = generateSecret();
  const headers = signatureHeaders({
    id: 'evt_01',
    timestamp: NOW_SECONDS,
    payload,
    secret,
  });
  return { secret, headers: { ...headers } as Record<string, string> };
}
