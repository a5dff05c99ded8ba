export { createApp, type App } from './app.js';
export type { ApiDependencies, ApiSettings } from './deps.js';
export { DEFAULT_API_SETTINGS } from './deps.js';
export type { AppEnv, Principal } from './context.js';
