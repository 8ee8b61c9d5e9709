import {
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { z } from 'zod';

/**
 * The engine's spans, through the OpenTelemetry API only: the process that
 * runs the engine decides whether an SDK records them. With none registered
 * every call here is a no-op, and no job carries a trace context. Attributes
 * are set only on a span that records: tracing off costs no URL parse and no
 * attribute object on the hot path.
 */
const tracer = trace.getTracer('@referral/webhooks');

/** The queue every delivery job goes through, as spans name it. */
const DESTINATION = 'webhook-delivery';
const MESSAGING = { 'messaging.system': 'bullmq', 'messaging.destination.name': DESTINATION };

/**
 * W3C trace context (`traceparent`, `tracestate`) of the span that enqueued a
 * job, carried in the job's data so the worker continues the same trace. A
 * retry keeps the job and so its data: every attempt of a delivery lands in
 * the trace that made it.
 */
export const TraceCarrier = z.object({
  traceparent: z.string(),
  tracestate: z.string().optional(),
});
export type TraceCarrier = z.infer<typeof TraceCarrier>;

/** The carrier of `ctx`'s span context (sampled or not), or undefined when it has none (tracing off). */
export function traceCarrier(ctx: Context = context.active()): TraceCarrier | undefined {
  const fields: Record<string, string> = {};
  propagation.inject(ctx, fields);
  if (!fields.traceparent) return undefined;
  return {
    traceparent: fields.traceparent,
    ...(fields.tracestate ? { tracestate: fields.tracestate } : {}),
  };
}

/** The carrier of one span, whatever the active context; none for the no-op span of tracing off. */
export function spanCarrier(span: Span): TraceCarrier | undefined {
  if (!isSpanContextValid(span.spanContext())) return undefined;
  return traceCarrier(trace.setSpan(ROOT_CONTEXT, span));
}

/** The context a job's span continues: its carrier's, or a new root (jobs the reconciler re-added). */
function jobContext(carrier: TraceCarrier | undefined): Context {
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
}

/** `{ traceId }` of the active span for log lines, so a line leads to its trace; `{}` when tracing is off. */
export function traceLogFields(): { traceId?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? { traceId: spanContext.traceId } : {};
}

/**
 * The producer span of one event: from its append to the outbox until its
 * deliveries are enqueued. Its context is what the delivery jobs carry.
 */
export function startPublishSpan(
  event: { id: string; type: string; tenantId: string },
  parent: Context = context.active(),
): Span {
  const span = tracer.startSpan(`publish ${event.type}`, { kind: SpanKind.PRODUCER }, parent);
  if (span.isRecording()) {
    span.setAttributes({
      ...MESSAGING,
      'messaging.operation.type': 'send',
      'webhook.event.id': event.id,
      'webhook.event.type': event.type,
      'webhook.tenant.id': event.tenantId,
    });
  }
  return span;
}

/**
 * Ends a publish span once its event is committed and its deliveries handed
 * to Redis; `enqueued: false` when Redis did not take them (the reconciler
 * will, in a trace of its own), `error` when nothing was committed.
 */
export function endPublishSpan(
  span: Span,
  result: { deliveries: number; enqueued?: boolean; error?: unknown },
): void {
  span.setAttribute('webhook.delivery.count', result.deliveries);
  if (result.enqueued !== undefined) span.setAttribute('webhook.enqueued', result.enqueued);
  if (result.error !== undefined) failSpan(span, result.error);
  span.end();
}

/**
 * One run of a delivery job (an attempt, or a wait for the slot or the time
 * of its retry), as a child of the span that enqueued it. A throw marks it
 * failed; a job put back in the delayed set is not a failure, so `run` returns
 * that rather than throwing BullMQ's DelayedError through the span.
 */
export function runJobSpan<T>(
  job: { id: string; deliveryId: string; subscriptionId?: string; trace?: TraceCarrier },
  run: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(
    `process ${DESTINATION}`,
    { kind: SpanKind.CONSUMER },
    jobContext(job.trace),
    async (span) => {
      if (span.isRecording()) {
        span.setAttributes({
          ...MESSAGING,
          'messaging.operation.type': 'process',
          'messaging.message.id': job.id,
          'webhook.delivery.id': job.deliveryId,
          ...(job.subscriptionId ? { 'webhook.subscription.id': job.subscriptionId } : {}),
        });
      }
      try {
        return await run(span);
      } catch (error) {
        failSpan(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * The client span of one delivery attempt (one POST), a child of the active
 * job span. The URL is reduced to its scheme, host and port: a receiver's
 * path or query may hold a token of theirs. No header, payload or secret.
 */
export function startAttemptSpan(attempt: {
  url: string;
  deliveryId: string;
  eventId: string;
  eventType: string;
  subscriptionId: string;
  attemptNumber: number;
}): Span {
  const span = tracer.startSpan('POST', { kind: SpanKind.CLIENT });
  if (span.isRecording()) {
    const url = new URL(attempt.url);
    span.setAttributes({
      'http.request.method': 'POST',
      'url.scheme': url.protocol.replace(/:$/, ''),
      'server.address': url.hostname,
      'server.port': Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
      'webhook.delivery.id': attempt.deliveryId,
      'webhook.event.id': attempt.eventId,
      'webhook.event.type': attempt.eventType,
      'webhook.subscription.id': attempt.subscriptionId,
      'webhook.attempt': attempt.attemptNumber,
    });
  }
  return span;
}

/** Ends an attempt span with what came of the POST: a status code, or the kind of error. */
export function endAttemptSpan(
  span: Span,
  outcome: { succeeded: boolean; statusCode?: number; errorKind?: string },
): void {
  if (outcome.statusCode !== undefined) {
    span.setAttribute('http.response.status_code', outcome.statusCode);
  }
  if (!outcome.succeeded) {
    const kind = outcome.errorKind ?? 'unknown';
    // error.type: the status code for an HTTP answer, else the engine's error kind.
    span.setAttribute('error.type', outcome.statusCode ? String(outcome.statusCode) : kind);
    span.setAttribute('webhook.error.kind', kind);
    span.setStatus({ code: SpanStatusCode.ERROR, message: kind });
  }
  span.end();
}

function failSpan(span: Span, error: unknown): void {
  if (error instanceof Error) span.recordException(error);
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
}
