import type { HostedPageUrls } from '@referral/domain';

/** The hosted pages' public URLs; the router in this folder serves these paths. */
export function hostedPageUrls(publicBaseUrl: string): HostedPageUrls {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return {
    onboarding: (token) => `${base}/onboarding/${token}`,
    linkRequest: (token) => `${base}/link-requests/${token}`,
    contracts: (token) => `${base}/contracts/${token}`,
    kyc: (token) => `${base}/kyc/${token}`,
  };
}

/** The hosted pages' path prefixes; the token after them is the page's only credential. */
export const HOSTED_PAGE_PATHS = ['/onboarding', '/contracts', '/link-requests', '/kyc'];

const TOKEN_IN_PATH = new RegExp(`^(${HOSTED_PAGE_PATHS.join('|')})/[^/]+`);

/** A request path fit for a log line: a hosted page's token replaced by `:token`. */
export const loggablePath = (path: string) => path.replace(TOKEN_IN_PATH, '$1/:token');
