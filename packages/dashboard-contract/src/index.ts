export * from './common';
export * from './session';
export * from './cases';
export * from './earnings';
export * from './clients';
export * from './webhooks';
export * from './routes';
