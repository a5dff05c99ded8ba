import { join } from 'node:path';
import type { Config } from '../config.js';
import type { Store } from './port.js';
import { openSqliteStore } from './sqlite/index.js';

/**
 * The store the configuration asks for: MongoDB when MONGODB_URL is set, else the embedded SQLite file.
 * The MongoDB adapter (and its driver) is loaded only then: an embedded process does not carry it.
 */
export async function openStore(config: Pick<Config, 'store' | 'mongodbUrl' | 'dataDir'>): Promise<Store> {
  if (config.store === 'mongodb' && config.mongodbUrl) {
    const { openMongoStore } = await import('./mongodb/index.js');
    return openMongoStore({ url: config.mongodbUrl });
  }
  return openSqliteStore({ file: join(config.dataDir, 'isync.db') });
}
