import type {
  ClientSession,
  Collection,
  Db,
  Filter,
  FindOptions,
  IndexDescription,
  MongoClient,
} from 'mongodb';
import type { Page, PageRequest } from '../../domain/common.js';
import { PageRequestSchema } from '../../domain/common.js';
import type { Codec } from './codec.js';
import { codecs, type StoredDocument } from './codec.js';
import { byIdFilter, NEWEST_FIRST, pageFilter, setFieldsUpdate } from './queries.js';

/** The session option of a driver call, when there is one (a call inside a transaction). */
export const inSession = (session?: ClientSession): { session?: ClientSession } =>
  session ? { session } : {};

/**
 * One collection of domain entities: the codec between entities and documents, plus the few generic calls
 * every repository needs. Domain-specific queries stay in the repositories, built by queries.ts.
 */
export class EntityCollection<T extends { id: string }> {
  constructor(
    readonly collection: Collection<StoredDocument>,
    readonly codec: Codec<T>,
  ) {}

  async findOne(filter: Filter<StoredDocument>, options: FindOptions = {}): Promise<T | null> {
    const document = await this.collection.findOne(filter, options);
    return document ? this.codec.fromDocument(document) : null;
  }

  async find(filter: Filter<StoredDocument>, options: FindOptions = {}): Promise<T[]> {
    const documents = await this.collection.find(filter, options).toArray();
    return documents.map((document) => this.codec.fromDocument(document));
  }

  /** The entity with this id in this tenant, or null. */
  get(tenantId: string, id: string, session?: ClientSession): Promise<T | null> {
    return this.findOne(byIdFilter(tenantId, id), inSession(session));
  }

  async insert(entity: T, session?: ClientSession): Promise<void> {
    await this.collection.insertOne(this.codec.toDocument(entity), inSession(session));
  }

  async insertMany(entities: readonly T[], session?: ClientSession): Promise<void> {
    if (entities.length === 0) return;
    await this.collection.insertMany(
      entities.map((entity) => this.codec.toDocument(entity)),
      inSession(session),
    );
  }

  /** Sets the given fields of one tenant's entity; answers whether it exists. */
  async update(tenantId: string, id: string, changes: Partial<T>): Promise<boolean> {
    const result = await this.collection.updateOne(
      byIdFilter(tenantId, id),
      setFieldsUpdate(this.codec.toFields(changes)),
    );
    return result.matchedCount > 0;
  }

  /**
   * A newest-first page over `filter` (which must name the tenant), keyed by the time-ordered id; a
   * projection leaves out fields a list does not show.
   */
  async page(
    filter: Filter<StoredDocument>,
    request: PageRequest = {},
    options: Pick<FindOptions, 'projection'> = {},
  ): Promise<Page<T>> {
    const { limit, cursor, withTotal } = PageRequestSchema.parse(request);
    const [found, total] = await Promise.all([
      this.find(pageFilter(filter, cursor), { ...options, sort: NEWEST_FIRST, limit: limit + 1 }),
      withTotal ? this.count(filter) : undefined,
    ]);
    const items = found.slice(0, limit);
    const nextCursor = found.length > limit ? (items.at(-1)?.id ?? null) : null;
    return total === undefined ? { items, nextCursor } : { items, nextCursor, total };
  }

  count(filter: Filter<StoredDocument>): Promise<number> {
    return this.collection.countDocuments(filter);
  }
}

/** Every collection with its indexes: the unique keys, and one index for each query the repositories make. */
export const COLLECTIONS = {
  tenants: [{ key: { slug: 1 }, unique: true }],
  users: [{ key: { email: 1 }, unique: true }, { key: { tenantId: 1, _id: -1 } }],
  connections: [{ key: { tenantId: 1, _id: -1 } }],
  tenantSystems: [{ key: { tenantId: 1, _id: -1 } }],
  tenantSystemVersions: [
    { key: { tenantId: 1, systemId: 1, version: 1 }, unique: true },
    { key: { tenantId: 1, systemId: 1, _id: -1 } },
  ],
  integrations: [{ key: { tenantId: 1, _id: -1 } }, { key: { tenantId: 1, status: 1, _id: -1 } }],
  planVersions: [],
  plans: [
    { key: { tenantId: 1, integrationId: 1, version: 1 }, unique: true },
    { key: { tenantId: 1, integrationId: 1, _id: -1 } },
  ],
  records: [
    { key: { tenantId: 1, integrationId: 1, sourceId: 1 }, unique: true },
    { key: { tenantId: 1, integrationId: 1, status: 1, _id: 1 } },
    { key: { tenantId: 1, integrationId: 1, _id: -1 } },
    { key: { tenantId: 1, status: 1, _id: -1 } },
    { key: { tenantId: 1, _id: -1 } },
    { key: { tenantId: 1, destinationNumber: 1 } },
    { key: { tenantId: 1, destinationId: 1 } },
    { key: { tenantId: 1, createdAt: 1 } },
  ],
  recordEvents: [
    { key: { tenantId: 1, recordId: 1, at: 1, _id: 1 } },
    { key: { tenantId: 1, kind: 1, at: 1 } },
    { key: { tenantId: 1, runId: 1, to: 1 } },
    // Retention: the oldest events first.
    { key: { tenantId: 1, at: 1 } },
  ],
  runs: [
    { key: { tenantId: 1, _id: -1 } },
    { key: { tenantId: 1, integrationId: 1, _id: -1 } },
    { key: { tenantId: 1, integrationId: 1, status: 1, _id: -1 } },
    { key: { tenantId: 1, startedAt: 1 } },
    // At most one queued run per integration: asking again answers the queued one (runs.queue).
    {
      key: { tenantId: 1, integrationId: 1 },
      name: 'one_queued_run_per_integration',
      unique: true,
      partialFilterExpression: { status: 'queued' },
    },
  ],
  exceptions: [
    { key: { tenantId: 1, _id: -1 } },
    { key: { tenantId: 1, integrationId: 1, _id: -1 } },
    { key: { tenantId: 1, at: 1 } },
    { key: { tenantId: 1, recordId: 1, resolvedAt: 1 } },
  ],
  // Insights rollups (`_id` is tenant/integration/hour[/kind]): read by tenant and hour range.
  runRollups: [{ key: { tenantId: 1, hour: 1 } }, { key: { tenantId: 1, integrationId: 1, hour: 1 } }],
  exceptionRollups: [{ key: { tenantId: 1, hour: 1 } }, { key: { tenantId: 1, integrationId: 1, hour: 1 } }],
  sessions: [{ key: { tenantId: 1, userId: 1 } }, { key: { expiresAt: 1 }, expireAfterSeconds: 0 }],
  apiTokens: [{ key: { tokenHash: 1 }, unique: true }, { key: { tenantId: 1, userId: 1, _id: -1 } }],
  auditEntries: [
    { key: { tenantId: 1, _id: -1 } },
    { key: { tenantId: 1, action: 1, _id: -1 } },
    { key: { tenantId: 1, 'actor.userId': 1, _id: -1 } },
    { key: { tenantId: 1, 'target.id': 1, _id: -1 } },
  ],
} satisfies Record<string, IndexDescription[]>;

const NAMESPACE_EXISTS = 48;

/**
 * Creates the collections and indexes that are missing. Collections are created up front because a
 * transaction that creates one implicitly conflicts with any other doing the same.
 */
export async function ensureCollections(db: Db): Promise<void> {
  const existing = new Set(
    (await db.listCollections({}, { nameOnly: true }).toArray()).map((collection) => collection.name),
  );
  for (const [name, indexes] of Object.entries(COLLECTIONS)) {
    if (!existing.has(name)) {
      try {
        await db.createCollection(name);
      } catch (error) {
        // Another process starting at the same time created it first.
        if (!(error instanceof Error && 'code' in error && error.code === NAMESPACE_EXISTS)) throw error;
      }
    }
    if (indexes.length > 0) await db.collection<StoredDocument>(name).createIndexes(indexes);
  }
}

/** The entity collections of one database, in one place. */
export function defineCollections(client: MongoClient, db: Db) {
  const entities = <T extends { id: string }>(name: keyof typeof COLLECTIONS, codec: Codec<T>) =>
    new EntityCollection<T>(db.collection<StoredDocument>(name), codec);
  return {
    client,
    db,
    tenants: entities('tenants', codecs.tenants),
    users: entities('users', codecs.users),
    connections: entities('connections', codecs.connections),
    tenantSystems: entities('tenantSystems', codecs.tenantSystems),
    tenantSystemVersions: entities('tenantSystemVersions', codecs.tenantSystemVersions),
    integrations: entities('integrations', codecs.integrations),
    planVersions: db.collection<StoredDocument>('planVersions'),
    plans: entities('plans', codecs.plans),
    records: entities('records', codecs.records),
    recordEvents: entities('recordEvents', codecs.recordEvents),
    runs: entities('runs', codecs.runs),
    exceptions: entities('exceptions', codecs.exceptions),
    runRollups: db.collection<StoredDocument>('runRollups'),
    exceptionRollups: db.collection<StoredDocument>('exceptionRollups'),
    sessions: entities('sessions', codecs.sessions),
    apiTokens: entities('apiTokens', codecs.apiTokens),
    audit: entities('auditEntries', codecs.audit),
  };
}

export type Collections = ReturnType<typeof defineCollections>;
