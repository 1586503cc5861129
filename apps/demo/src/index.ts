export * from './api-client';
export * from './salesforce-oauth';
export * from './scenario';
