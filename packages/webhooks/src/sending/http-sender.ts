import dns from 'node:dns';
import type { LookupFunction, Socket } from 'node:net';
import { Agent, buildConnector, request } from 'undici';
import { isPrivateAddress } from '../subscriptions/address-policy';
import { classifyError, errorMessage, type AttemptOutcome } from './attempt-outcome';
import { parseRetryAfter } from './retry-policy';

export const RESPONSE_EXCERPT_BYTES = 4096;

/** Every address a host name resolves to, at delivery time. */
export type ResolveHost = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), as `fetch` would use it. */
export const systemResolveHost: ResolveHost = (hostname) =>
  dns.promises.lookup(hostname, { all: true });

export interface HttpSenderOptions {
  timeoutMs: number;
  allowPrivateUrls: boolean;
  /** Defaults to the system resolver; tests point it at a DNS server of their own. */
  resolveHost?: ResolveHost;
}

class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
  readonly code = 'BLOCKED_ADDRESS';
}

/**
 * Resolves at connect time, every time: a host name checked when the
 * subscription was made may point elsewhere by the time of a delivery.
 */
function lookupWith(resolveHost: ResolveHost, allowPrivateUrls: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolveHost(hostname).then(
      (addresses) => {
        if (addresses.length === 0) {
          // As getaddrinfo says it: a DNS failure, retried like one.
          const notFound = Object.assign(new Error(`${hostname} has no address`), {
            code: 'ENOTFOUND',
          });
          return callback(notFound, '', 4);
        }
        const allowed = allowPrivateUrls
          ? addresses
          : addresses.filter((a) => !isPrivateAddress(a.address));
        if (allowed.length === 0) {
          const blocked = new BlockedAddressError(`${hostname} resolves to a private address`);
          return callback(blocked, '', 4);
        }
        if (options.all) {
          return (callback as unknown as (e: null, a: typeof allowed) => void)(null, allowed);
        }
        callback(null, allowed[0]!.address, allowed[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 4),
    );
  };
}

/**
 * undici's connector, checking the address the socket really connected to.
 * The lookup already refuses private addresses; this second check holds
 * whatever path the address came by (an IP literal, a lookup bypassed).
 */
export function publicOnlyConnector(base: buildConnector.connector): buildConnector.connector {
  return (options, callback) =>
    base(options, (err, socket) => {
      if (err) return callback(err, null);
      const remote = (socket as Socket).remoteAddress;
      if (remote === undefined || isPrivateAddress(remote)) {
        socket.destroy();
        const error = new BlockedAddressError(`connected to a private address (${remote})`);
        return callback(error, null);
      }
      callback(null, socket);
    });
}

/** POSTs one signed delivery with undici and says what came of it. */
export class HttpSender {
  private readonly agent: Agent;

  constructor(private readonly options: HttpSenderOptions) {
    const connector = buildConnector({
      timeout: options.timeoutMs,
      lookup: lookupWith(options.resolveHost ?? systemResolveHost, options.allowPrivateUrls),
    } as buildConnector.BuildOptions);
    // Redirects are never followed (undici's `request` does not): a 3xx is a failed attempt.
    this.agent = new Agent({
      connections: 64,
      keepAliveTimeout: 10_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connect: options.allowPrivateUrls ? connector : publicOnlyConnector(connector),
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
