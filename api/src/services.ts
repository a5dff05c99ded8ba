import { hostname } from 'node:os';
import {
  createLogger,
  loadKeyring,
  openStore,
  type Config,
  type Logger,
  type ProcessRole,
} from '@isync/core';
import {
  InProcessScheduler,
  runKeep,
  type EngineDependencies,
  type QueueScheduler,
  type Scheduler,
} from '@isync/executor';
import { MemoryLoginThrottle, RedisLoginThrottle, type LoginThrottle } from './auth/throttle.js';
import { ensureFirstAdmin } from './bootstrap.js';
import { platformAddressPolicy } from './connections/host-policy.js';
import { moveUrlCredentials } from './connections/url-credentials.js';
import { Metrics } from './metrics.js';
import { DEFAULT_API_SETTINGS, type ApiDependencies } from './deps.js';

/** How this process takes part: all of it (embedded), or one role of a queue-mode deployment. */
export type Role = ProcessRole;

export interface Services {
  deps: ApiDependencies;
  scheduler: Scheduler;
  close(): Promise<void>;
}

/**
 * Opens what the configuration asks for: the store (SQLite or MongoDB) and the scheduler (in-process, or
 * BullMQ on Redis, working when this process executes runs). One code path for both modes.
 */
export async function openServices(
  config: Config,
  role: Role,
  logger: Logger = createLogger({ level: config.logLevel }),
): Promise<Services> {
  const keyring = loadKeyring(config);
  const store = await openStore(config);
  // Data migrations that need the keyring: connections saved before base URLs were checked.
  if (role !== 'executor') await moveUrlCredentials({ store, keyring, logger });
  if (role !== 'all' && store.kind === 'sqlite') {
    logger.warn(
      { dataDir: config.dataDir },
      'queue mode on the embedded SQLite store: every process must run on this machine; set MONGODB_URL in production',
    );
  }
  let queue: QueueScheduler | undefined;
  const metrics = new Metrics(() => queue?.depth() ?? Promise.resolve(0));
  const settings = {
    ...DEFAULT_API_SETTINGS,
    secureCookies: config.secureCookies,
    allowPrivateConnectionHosts: config.allowPrivateHosts,
    demoLoopbackConnectionHosts: config.demo,
    operatorAllowedHosts: config.allowedHosts,
    trustedProxies: config.trustedProxies,
  };
  // Isolates, lookup answers and HTTP clients kept across runs.
  const keep = runKeep(logger);
  const engine: EngineDependencies = {
    store,
    keyring,
    logger,
    ...keep.deps,
    observer: metrics,
    executorId: `${hostname()}:${process.pid}`,
    // Checked at every connect of every run: the tenant's exceptions are added per run.
    connectorHttp: { addressPolicy: platformAddressPolicy(settings) },
  };
  // BullMQ and ioredis are loaded only in queue mode: an embedded process does not carry them.
  if (config.scheduler === 'bullmq' && config.redisUrl) {
    const { QueueScheduler } = await import('@isync/executor/queue');
    queue = new QueueScheduler(engine, {
      redisUrl: config.redisUrl,
      prefix: config.queuePrefix,
      lockMs: config.queueLockMs,
      work: role !== 'api',
      concurrency: config.executorConcurrency,
    });
  }
  const scheduler: Scheduler =
    queue ?? new InProcessScheduler(engine, { concurrency: config.executorConcurrency });
  // API replicas starting together may race to create the first admin: the loser finds it on its retry.
  const firstAdmin =
    role === 'executor'
      ? { setupToken: null }
      : await ensureFirstAdmin(store, config).catch(() => ensureFirstAdmin(store, config));
  // Sign-in failures are counted where every API replica sees them: in Redis whenever there is one.
  const throttleRedis =
    queue && role !== 'executor' && config.redisUrl
      ? new (await import('ioredis')).Redis(config.redisUrl, {
          connectionName: `${config.queuePrefix}:api`,
          maxRetriesPerRequest: 2,
        })
      : undefined;
  const throttle: LoginThrottle = throttleRedis
    ? new RedisLoginThrottle(throttleRedis, config.queuePrefix)
    : new MemoryLoginThrottle();
  const deps: ApiDependencies = {
    store,
    logger,
    keyring,
    scheduler,
    settings,
    throttle,
    clock: () => new Date(),
    setup: { token: firstAdmin.setupToken },
    metrics,
    ...(queue && { queue }),
  };
  return {
    deps,
    scheduler,
    async close() {
      await scheduler.close();
      await keep.close();
      await throttleRedis?.quit();
      await store.close();
    },
  };
}
