export * from './factories.js';
export * from './services.js';
