export * from './sandbox/index.js';
export * from './http/index.js';
