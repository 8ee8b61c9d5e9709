export { runService, type ServiceContext, type StopFn } from './run-service';
export { webhookEngineOptions } from './engine-options';
