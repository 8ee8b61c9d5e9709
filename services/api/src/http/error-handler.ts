import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isDatabaseUnavailable } from '@referral/db';
import { HttpProblem, PROBLEM_CONTENT_TYPE } from './problem';
import { requestContext } from './request-context';

export const BODY_LIMIT_BYTES = 256 * 1024;
/** What a 503 asks a client to wait before retrying (a restarting database takes seconds). */
const RETRY_AFTER_SECONDS = 5;
/** A hosted page's form holds a name and a checkbox. */
export const FORM_LIMIT_BYTES = 8 * 1024;

/** Registered after every route: whatever reaches it does not exist. */
export const notFoundHandler: RequestHandler = (req) => {
  throw new HttpProblem({
    status: 404,
    title: 'Not Found',
    detail: `No route ${req.method} ${req.path}. GET /openapi.json lists every route.`,
  });
};

/** The single place errors become RFC 9457 problem JSON. */
export const errorHandler: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  if (res.headersSent) return next(err);
  const problem = toProblem(err);
  const ctx = requestContext(res);
  if (problem.status === 503) ctx.log.warn({ err }, 'database unavailable: answered 503');
  else if (problem.status >= 500) ctx.log.error({ err }, 'unhandled error');
  res
    .status(problem.status)
    .set(problem.headers)
    .type(PROBLEM_CONTENT_TYPE)
    .json(problem.toJSON(ctx.requestId));
};

/** Errors from express.json (body-parser) carry a `type`; those from the router only a status. */
interface HttpError {
  type?: string;
  status: number;
  /** Set by body-parser on `entity.too.large`: the parser's own limit. */
  limit?: number;
  expose?: boolean;
  message: string;
}

function isHttpError(err: unknown): err is HttpError {
  return err instanceof Error && typeof (err as Partial<HttpError>).status === 'number';
}

function toProblem(err: unknown): HttpProblem {
  if (err instanceof HttpProblem) return err;
  if (isHttpError(err)) {
    switch (err.type) {
      case 'entity.parse.failed':
        return new HttpProblem({
          status: 400,
          type: 'malformed-json',
          title: 'Malformed JSON',
          detail: 'The request body is not valid JSON (an object or an array).',
          errors: [{ field: 'body', message: 'is not valid JSON' }],
        });
      case 'entity.too.large': {
        const limit = err.limit ?? BODY_LIMIT_BYTES;
        return new HttpProblem({
          status: 413,
          title: 'Content Too Large',
          detail: `The request body exceeds ${limit / 1024} kB.`,
          errors: [{ field: 'body', message: `must be at most ${limit} bytes` }],
        });
      }
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return new HttpProblem({
          status: 415,
          title: 'Unsupported Media Type',
          detail: 'Send the body as UTF-8 JSON, without content encoding.',
          errors: [{ field: 'body', message: err.message }],
        });
    }
    if (err.status >= 400 && err.status < 500) {
      // A path that does not decode (`%E0`) fails in the router, before any route.
      const field = err instanceof URIError ? 'path' : 'body';
      const message = err.expose === false ? 'is invalid' : err.message;
      return new HttpProblem({
        status: err.status,
        title: 'Bad Request',
        detail: message,
        errors: [{ field, message }],
      });
    }
  }
  if (isDatabaseUnavailable(err)) {
    // A transaction that did not commit wrote nothing: the same request can be sent again.
    return new HttpProblem({
      status: 503,
      type: 'service-unavailable',
      title: 'Service Unavailable',
      detail:
        'The database cannot be reached; the request was not carried out. Retry in a few seconds.',
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
    });
  }
  // Never echo internals: the log line with this request id has the details.
  return new HttpProblem({
    status: 500,
    title: 'Internal Server Error',
    detail: 'Something went wrong on our side; quote the requestId if you contact support.',
  });
}
