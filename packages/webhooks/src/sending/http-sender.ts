import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import { isPrivateAddress } from '../subscriptions/address-policy';
import { classifyError, errorMessage, type AttemptOutcome } from './attempt-outcome';
import { parseRetryAfter } from './retry-policy';

export const RESPONSE_EXCERPT_BYTES = 4096;

export interface HttpSenderOptions {
  timeoutMs: number;
  allowPrivateUrls: boolean;
}

class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
  readonly code = 'BLOCKED_ADDRESS';
}

/**
 * A DNS lookup that refuses private addresses, so a public host name cannot be
 * pointed at the platform's own network after the subscription was accepted.
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 4);
    const allowed = addresses.filter((a) => !isPrivateAddress(a.address));
    if (allowed.length === 0) {
      return callback(new BlockedAddressError(`${hostname} resolves to a private address`), '', 4);
    }
    if (options.all)
      return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, allowed);
    callback(null, allowed[0]!.address, allowed[0]!.family);
  });
};

/** POSTs one signed delivery with undici and says what came of it. */
export class HttpSender {
  private readonly agent: Agent;

  constructor(private readonly options: HttpSenderOptions) {
    this.agent = new Agent({
      connections: 64,
      keepAliveTimeout: 10_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connect: {
        timeout: options.timeoutMs,
        ...(options.allowPrivateUrls ? {} : { lookup: publicOnlyLookup }),
      },
    });
  }

  async send(url: string, body: string, headers: Record<string, string>): Promise<AttemptOutcome> {
    const started = performance.now();
    const durationMs = () => Math.round(performance.now() - started);
    try {
      const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
      if (!this.options.allowPrivateUrls && isPrivateAddress(host)) {
        throw new BlockedAddressError(`${host} is a private address`);
      }
      // One deadline for the whole exchange: connect, headers and body.
      const response = await request(url, {
        method: 'POST',
        headers,
        body,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const responseBody = await readExcerpt(response.body);
      const statusCode = response.statusCode;
      const succeeded = statusCode >= 200 && statusCode < 300;
      const retryAfter = response.headers['retry-after'];
      return {
        succeeded,
        statusCode,
        ...(succeeded ? {} : { errorKind: 'http_status' as const }),
        responseBody,
        retryAfterMs:
          statusCode === 429 || statusCode === 503
            ? parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter)
            : undefined,
        durationMs: durationMs(),
      };
    } catch (error) {
      return {
        succeeded: false,
        errorKind: classifyError(error),
        errorMessage: errorMessage(error),
        durationMs: durationMs(),
      };
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** Read at most 4 KiB; a longer body is cut off (and its connection dropped). */
async function readExcerpt(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= RESPONSE_EXCERPT_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8');
}
