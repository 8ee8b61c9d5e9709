export { createApp } from './app';
export type { AppDeps } from './app-deps';
export { Problem, HttpProblem } from './http/problem';
export type { RateLimitOptions } from './http/rate-limit';
export { hostedPageUrls } from './hosted-pages/urls';
