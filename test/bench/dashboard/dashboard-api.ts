import { dashboardApi } from '@referral/dashboard-contract';

/** Sign in as `partnerId`; the session cookie every later request carries. */
export async function signIn(url: string, partnerId: string): Promise<string> {
  const response = await fetch(url + dashboardApi.session, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ partnerId }),
  });
  const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]);
  if (!response.ok || cookies.length === 0) {
    throw new Error(`sign-in: ${response.status} ${await response.text()}`);
  }
  return cookies.join('; ');
}
