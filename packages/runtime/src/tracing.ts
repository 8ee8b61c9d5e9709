import { diag, DiagLogLevel, type DiagLogFunction } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Logger } from '@referral/logger';

export interface Tracing {
  serviceName: string;
  /** Export what is still buffered, then stop. */
  shutdown(): Promise<void>;
}

/**
 * Registers the OpenTelemetry SDK for this process: spans batched and sent
 * over OTLP/HTTP (JSON) to `OTEL_EXPORTER_OTLP_ENDPOINT`/v1/traces, W3C trace
 * context (and baggage) as the propagators, the service named after the process unless
 * `OTEL_SERVICE_NAME` says otherwise. The exporter, the batch processor and
 * the sampler read their standard variables themselves
 * (`OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_BSP_SCHEDULE_DELAY`,
 * `OTEL_TRACES_SAMPLER`, …). Until this runs, the API the packages call is a
 * no-op.
 */
export function startTracing(serviceName: string, logger: Logger): Tracing {
  // The SDK reports failed exports through diag; they become warnings.
  const warn: DiagLogFunction = (message, ...args) =>
    logger.warn({ details: args }, `opentelemetry: ${message}`);
  const quiet: DiagLogFunction = () => undefined;
  diag.setLogger(
    { error: warn, warn, info: quiet, debug: quiet, verbose: quiet },
    DiagLogLevel.WARN,
  );

  const resource = defaultResource()
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }))
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the defaults.
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  return {
    serviceName: String(resource.attributes[ATTR_SERVICE_NAME]),
    shutdown: () => provider.shutdown(),
  };
}
