export * from './primitives';
export * from './domain-enums';
export * from './transaction-stage';
export * from './catalogue';
export * from './event-types';
export * from './envelope';
export * from './invalid-event-error';
export * from './catalogue-json';
