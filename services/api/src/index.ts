export { createApp } from './app';
export type { AppDeps } from './app-deps';
export { Problem, HttpProblem } from './http/problem';
export type { RateLimitOptions } from './http/rate-limit';
export { hostedPageUrls } from './hosted-pages/urls';
export { createHttpMetrics, UNMATCHED_ROUTE, type HttpMetrics } from './http/http-metrics';
export { QUEUE_UI_PATH } from './queue-ui/queue-board';
