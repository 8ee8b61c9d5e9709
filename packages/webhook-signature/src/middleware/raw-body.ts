import { BodyTooLargeError } from '../errors/body-too-large-error';
import { RawBodyUnavailableError } from '../errors/raw-body-unavailable-error';
import type { WebhookRequest } from './types';

/**
 * The exact bytes of the request body: from `req.body` when a raw or text
 * parser already produced them, else read from the unread stream. Anything
 * else (a parsed object, a consumed stream) throws RawBodyUnavailableError.
 */
export async function resolveRawBody(
  req: WebhookRequest,
  maxBytes: number,
): Promise<Buffer | string> {
  const { body } = req;
  if (Buffer.isBuffer(body) || typeof body === 'string') return body;
  // An unread stream wins over a placeholder body such as Express 4's `{}`:
  // the placeholder did not come from these bytes.
  if (!req.readableEnded) return readStream(req, maxBytes);
  throw new RawBodyUnavailableError(body === undefined || body === null ? 'consumed' : 'parsed');
}

function readStream(req: WebhookRequest, maxBytes: number): Promise<Buffer> {
  const declaredLength = Number(req.headers['content-length']);
  if (declaredLength > maxBytes) return Promise.reject(new BodyTooLargeError(maxBytes));

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
      req.removeListener('close', onClose);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > maxBytes) {
        cleanup();
        // Discard the rest instead of buffering it, so the 413 can still be sent.
        req.resume();
        reject(new BodyTooLargeError(maxBytes));
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    // 'close' before 'end' means the client went away mid-body.
    const onClose = () => {
      cleanup();
      reject(new Error('The request was closed before its body was fully received.'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
