export { runService, type ServiceContext, type StopFn } from './run-service';
