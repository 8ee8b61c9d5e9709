import { isIP } from 'node:net';
import { isPrivateAddress } from './address-policy';

export interface UrlPolicy {
  allowHttp: boolean;
  allowPrivateUrls: boolean;
}

/**
 * Why a subscription URL is refused, or undefined when it is acceptable. Host
 * names are checked again at delivery time, against the address they resolve to.
 */
export function urlProblem(raw: string, policy: UrlPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must use http or https';
  if (url.protocol === 'http:' && !policy.allowHttp) return 'must use https';
  if (url.username || url.password) return 'must not contain credentials';
  if (url.hash) return 'must not contain a fragment';
  if (!policy.allowPrivateUrls) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal')) {
      return 'must not point to a private or loopback address';
    }
    if (isIP(host) && isPrivateAddress(host)) {
      return 'must not point to a private or loopback address';
    }
  }
  return undefined;
}
