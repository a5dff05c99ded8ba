import { ensureCollections } from '../store/mongodb/collections.js';
import { storeOver } from '../store/mongodb/index.js';
import { mingoDatabase } from '../store/mongodb/mingo.js';
import type { Store } from '../store/port.js';

/**
 * The MongoDB adapter over mingo in memory, for tests that drive the engine through it: its queries,
 * codecs and the awaits between its writes, not the driver, transactions or indexes (the store contract
 * runs on a real server where `MONGODB_URL` is set).
 */
export async function mingoStore(clock: () => Date = () => new Date()): Promise<Store> {
  const { client, db } = mingoDatabase();
  await ensureCollections(db);
  return storeOver(client, db, clock);
}
