export { seedDemoData, seedDemoForAll, type DemoOptions, type DemoSummary } from './seed-demo';
export { describeDemo } from './describe-demo';
export { isEmptyPlatform } from './platform-state';
export type { DemoDeps } from './demo-deps';
