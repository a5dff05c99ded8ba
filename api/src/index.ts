export { createApp, type AppDependencies, type AppEnv } from './app.js';
