import { serve } from '@hono/node-server';
import { ConfigError, createLogger, loadConfig, loadKeyring, openStore, type Config } from '@isync/core';
import { createApp } from './app.js';

/** `npm start`: one process serving the API on the configured store. */
async function main(config: Config): Promise<void> {
  const logger = createLogger({ level: config.logLevel });
  loadKeyring(config);
  const store = await openStore(config);
  const app = createApp({ store, logger });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (address) => {
    logger.info(
      {
        store: store.kind,
        scheduler: config.scheduler,
        dataDir: config.store === 'sqlite' ? config.dataDir : undefined,
      },
      `iSync is listening on http://${config.host}:${address.port}`,
    );
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'iSync is stopping');
    server.close(() => {
      void store.close().then(() => process.exit(0));
    });
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
