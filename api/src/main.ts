import { serve } from '@hono/node-server';
import { ConfigError, createLogger, loadConfig, type Config } from '@isync/core';
import { scheduleDailyPrune } from '@isync/executor';
import { createApp } from './app.js';
import { demoRequested, startDemo } from './demo/index.js';
import { roleArgument, runExecutor } from './executor-process.js';
import { openServices } from './services.js';

/**
 * `npm start`: one process serving the API and running the integrations on their schedules (role `all`).
 * In queue mode, `--role api` serves the API and only enqueues runs; `--role executor` runs them.
 */
async function main(configured: Config): Promise<void> {
  const logger = createLogger({ level: configured.logLevel });
  if (configured.role === 'executor') return runExecutor(configured, logger);
  // `--demo` is ISYNC_DEMO: the services too must know (their connections may reach the local simulators).
  const config = { ...configured, demo: demoRequested(configured, process.argv) };
  const services = await openServices(config, config.role, logger);
  const daily = config.role === 'all' ? scheduleDailyPrune(services.deps.store, config, logger) : undefined;
  const app = createApp(services.deps);
  await services.scheduler.start();
  const demo = config.demo ? await startDemo(services.deps, config, logger) : undefined;
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (address) => {
    const url = `http://${config.host}:${address.port}`;
    logger.info(
      {
        role: config.role,
        store: services.deps.store.kind,
        scheduler: config.scheduler,
        dataDir: config.store === 'sqlite' ? config.dataDir : undefined,
      },
      `iSync is listening on ${url}`,
    );
    if (demo) console.log(demo.announce(url));
    if (services.deps.setup.token) {
      logger.warn(
        `No platform admin yet: open ${url}/setup?token=${services.deps.setup.token} to create one (works once).`,
      );
    }
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'iSync is stopping');
    server.close();
    void Promise.resolve(daily?.close())
      .then(() => demo?.close())
      .then(() => services.close())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

let config: Config;
try {
  const role = roleArgument(process.argv.slice(2));
  config = loadConfig(role ? { ...process.env, ISYNC_ROLE: role } : process.env);
} catch (error) {
  if (error instanceof ConfigError || (error instanceof Error && error.message.startsWith('--role'))) {
    console.error(`iSync cannot start: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
await main(config);
