import { serve } from '@hono/node-server';
import { ConfigError, createLogger, loadConfig, type Config } from '@isync/core';
import { createApp } from './app.js';
import { openServices } from './services.js';

/** `npm start`: one process serving the API and running the integrations on their schedules. */
async function main(config: Config): Promise<void> {
  const logger = createLogger({ level: config.logLevel });
  const services = await openServices(config, 'all', logger);
  const app = createApp(services.deps);
  await services.scheduler.start();
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (address) => {
    const url = `http://${config.host}:${address.port}`;
    logger.info(
      {
        store: services.deps.store.kind,
        scheduler: config.scheduler,
        dataDir: config.store === 'sqlite' ? config.dataDir : undefined,
      },
      `iSync is listening on ${url}`,
    );
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
    void services.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`iSync cannot start: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
await main(config);
