import { serve } from '@hono/node-server';
import { PROCESS_ROLES, type Config, type Logger, type ProcessRole } from '@isync/core';
import { scheduleDailyPrune, serveUntilStopped } from '@isync/executor';
import { operationsApp } from './routes/operations.js';
import { openServices } from './services.js';

/** `--role api|executor|all` (or `--role=…`) from the command line; undefined when absent. */
export function roleArgument(argv: readonly string[]): ProcessRole | undefined {
  const at = argv.findIndex((arg) => arg === '--role' || arg.startsWith('--role='));
  if (at < 0) return undefined;
  const value = argv[at]!.includes('=') ? argv[at]!.slice('--role='.length) : argv[at + 1];
  if (!PROCESS_ROLES.includes(value as ProcessRole)) {
    throw new Error(`--role must be one of ${PROCESS_ROLES.join(', ')} (got ${value ?? 'nothing'})`);
  }
  return value as ProcessRole;
}

/**
 * The executor role of queue mode: a BullMQ worker over the shared store, a small HTTP server for probes
 * and Prometheus (`/healthz`, `/readyz` with the store and Redis, `/metrics` with the queue depth), and the
 * daily retention pass. SIGTERM lets the runs in hand finish their page, then exits 0.
 */
export async function runExecutor(config: Config, logger: Logger): Promise<void> {
  const services = await openServices(config, 'executor', logger);
  const daily = scheduleDailyPrune(services.deps.store, config, logger);
  const app = operationsApp(services.deps);
  let server: ReturnType<typeof serve> | undefined;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (address) =>
      resolve(address.port),
    );
  });
  await serveUntilStopped(services.scheduler, {
    logger,
    onClosed: async () => {
      server?.close();
      await daily.close();
      // The scheduler is closed already; this ends the sandbox hosts, the kept connectors and the store.
      await services.close();
    },
  });
  logger.info(
    { store: services.deps.store.kind, prefix: config.queuePrefix, concurrency: config.executorConcurrency },
    `iSync executor is working; probes and metrics on http://${config.host}:${port}`,
  );
}
