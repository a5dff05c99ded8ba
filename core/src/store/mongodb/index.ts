import type { CommandStartedEvent, Db } from 'mongodb';
import { MongoClient } from 'mongodb';
import type { Store } from '../port.js';
import { mongoApiTokens, mongoSessions } from './access.js';
import { mongoTenants, mongoUsers } from './accounts.js';
import { mongoAudit } from './audit.js';
import { defineCollections, ensureCollections } from './collections.js';
import { mongoConnections, mongoIntegrations, mongoPlans } from './configuration.js';
import { mongoInsights } from './insights.js';
import { mongoMaintenance } from './maintenance.js';
import { mongoExceptions, mongoRuns } from './operations.js';
import { mongoRecordEvents, mongoRecords } from './records.js';
import { mongoTenantSystems } from './tenant-systems.js';

export interface MongoStoreOptions {
  /** A `mongodb://` or `mongodb+srv://` URL. Transactions need a replica set (one node is enough). */
  url: string;
  /** The database; defaults to the one named in the URL, else `isync`. */
  dbName?: string;
  /** The store's notion of now, for the timestamps it sets itself (tests pin it). */
  clock?: () => Date;
  /** Called with every command the driver sends (for tests that count round trips); turns on command monitoring. */
  monitorCommands?: (event: CommandStartedEvent) => void;
}

/** The database a connection URL names in its path (`mongodb://host/<name>?…`), if any. */
export const databaseInUrl = (url: string): string | undefined =>
  /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(url)?.[1];

/** The store over a connected client and a database whose collections exist. */
export function storeOver(client: MongoClient, db: Db, clock: () => Date): Store {
  const collections = defineCollections(client, db);
  return {
    kind: 'mongodb',
    tenants: mongoTenants(collections),
    users: mongoUsers(collections),
    connections: mongoConnections(collections),
    tenantSystems: mongoTenantSystems(collections),
    integrations: mongoIntegrations(collections),
    plans: mongoPlans(collections),
    records: mongoRecords(collections, clock),
    recordEvents: mongoRecordEvents(collections),
    runs: mongoRuns(collections),
    exceptions: mongoExceptions(collections),
    insights: mongoInsights(collections),
    maintenance: mongoMaintenance(collections),
    sessions: mongoSessions(collections),
    apiTokens: mongoApiTokens(collections),
    audit: mongoAudit(collections),
    async ping() {
      try {
        const answer = await db.command({ ping: 1 });
        return answer.ok === 1;
      } catch {
        return false;
      }
    },
    async close() {
      await client.close();
    },
  };
}

/** Connects, creates the missing collections and indexes, and answers the store. */
export async function openMongoStore({
  url,
  dbName,
  clock = () => new Date(),
  monitorCommands,
}: MongoStoreOptions): Promise<Store> {
  const client = new MongoClient(url, { monitorCommands: monitorCommands !== undefined });
  if (monitorCommands) client.on('commandStarted', monitorCommands);
  await client.connect();
  const db = client.db(dbName ?? databaseInUrl(url) ?? 'isync');
  try {
    await ensureCollections(db);
  } catch (error) {
    await client.close();
    throw error;
  }
  return storeOver(client, db, clock);
}
