import type { HostedPageUrls } from '@referral/domain';

/** The hosted pages' public URLs; the router in this folder serves these paths. */
export function hostedPageUrls(publicBaseUrl: string): HostedPageUrls {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return {
    onboarding: (token) => `${base}/onboarding/${token}`,
    linkRequest: (token) => `${base}/link-requests/${token}`,
    contracts: (token) => `${base}/contracts/${token}`,
  };
}
