export * from './api-client';
export * from './connect';
export * from './oauth';
export * from './scenario';
