import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { routeTemplate } from './route-template';

const tracer = trace.getTracer('@referral/api');

/**
 * A server span per request, active while it is handled, so what the request
 * starts (an event's publish span, and through its jobs every delivery
 * attempt) lands in its trace. A no-op when no SDK is registered.
 *
 * The span is always a root: the API is public, and a caller's `traceparent`
 * would decide our trace ids and sampling. It is named by the route template
 * (`POST /v1/clients`), never by the path, and records no URL: hosted-page
 * URLs carry their token.
 */
export function requestTracing(): RequestHandler {
  return (req, res, next) => {
    const span = tracer.startSpan(req.method, {
      kind: SpanKind.SERVER,
      root: true,
      attributes: { 'http.request.method': req.method, 'url.scheme': req.protocol },
    });
    if (!span.isRecording()) return next();
    res.once('close', () => {
      const route = routeTemplate(req, res);
      if (route) {
        span.setAttribute('http.route', route);
        span.updateName(`${req.method} ${route}`);
      }
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) {
        span.setAttribute('error.type', String(res.statusCode));
        span.setStatus({ code: SpanStatusCode.ERROR });
      } else if (!res.writableFinished) {
        span.setAttribute('error.type', 'aborted'); // the client went away first
      }
      span.end();
    });
    context.with(trace.setSpan(context.active(), span), next);
  };
}
