export { runService, type ServiceContext, type StopFn } from './run-service';
export { webhookEngineOptions } from './engine-options';
export { startOpsServer, type OpsServer, type OpsServerOptions } from './ops-server';
export { checkReadiness, type Readiness, type ReadinessProbes } from './readiness';
export { smtpMailer } from './smtp-mailer';
