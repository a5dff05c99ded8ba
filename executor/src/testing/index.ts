// Test helpers other workspaces reuse: child processes, the Redis gate and per-test queue prefixes, polling.
export { spawnChild, spawnWorker, type ChildOptions, type ChildWorker } from './child-worker.js';
export { killRedisClients, REDIS_URL, redisAvailable, testPrefix } from './redis.js';
export { seededRandom, sleep, until } from './wait.js';
export { issuesToWorkOrdersFlow } from './flows.js';
