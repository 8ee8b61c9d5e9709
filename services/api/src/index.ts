export { createApp, type AppDeps } from './app';
export { Problem, HttpProblem } from './http/problem';
export type { RateLimitOptions } from './http/rate-limit';
export { hostedPageUrls } from './hosted-pages/urls';
