import { aggregate, find, update, updateMany, updateOne } from 'mingo';
import type { AnyObject } from 'mingo/types';
import type {
  AnyBulkWriteOperation,
  Db,
  Document,
  Filter,
  IndexDescription,
  MongoClient,
  Sort,
  UpdateFilter,
} from 'mongodb';
import type { StoredDocument } from './codec.js';

/*
 * Test support: evaluates the documents of queries.ts over in-memory documents with mingo, the way a
 * MongoDB server would. mingo has no upsert and no `$setOnInsert`; `upsertOne` adds them as the server
 * defines them (an insert starts from the filter's equality fields, then `$setOnInsert`, then the update).
 */

export type Documents = StoredDocument[];

export const matching = (documents: Documents, filter: Filter<StoredDocument>): Documents =>
  find(documents, filter as AnyObject).all() as Documents;

/** `collections` answers the documents of a collection a `$lookup` names. */
export const aggregated = <T>(
  documents: Documents,
  pipeline: Document[],
  collections: (name: string) => Documents = () => [],
): T[] => aggregate(documents, pipeline, { collectionResolver: collections }) as T[];

const isOperatorExpression = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  !(value instanceof Date) &&
  Object.keys(value).some((key) => key.startsWith('$'));

/** Answers the inserted `_id` when the update inserted, undefined when it matched (or did nothing). */
export function upsertOne(
  documents: Documents,
  filter: Filter<StoredDocument>,
  { $setOnInsert, ...modifier }: UpdateFilter<StoredDocument>,
  upsert = false,
): { matched: boolean; upsertedId?: string } {
  const hasModifier = Object.keys(modifier).length > 0;
  if (matching(documents, filter).length > 0) {
    if (hasModifier) updateOne(documents, filter as AnyObject, modifier as AnyObject);
    return { matched: true };
  }
  if (!upsert) return { matched: false };
  const equalities = Object.entries(filter).filter(
    ([key, value]) => !key.startsWith('$') && !isOperatorExpression(value),
  );
  const inserted = { ...Object.fromEntries(equalities), ...($setOnInsert as Document) } as StoredDocument;
  if (hasModifier) update(inserted, modifier as AnyObject);
  documents.push(inserted);
  return { matched: false, upsertedId: inserted._id };
}

/** An ordered bulk write of `updateOne` operations, answering like the driver's `upsertedIds`. */
export function bulkWrite(
  documents: Documents,
  operations: AnyBulkWriteOperation<StoredDocument>[],
): { matchedCount: number; upsertedIds: Record<number, string> } {
  const upsertedIds: Record<number, string> = {};
  let matchedCount = 0;
  operations.forEach((operation, index) => {
    if (!('updateOne' in operation)) throw new Error('Only updateOne operations are evaluated.');
    const { filter, update: modifier, upsert } = operation.updateOne;
    if (Array.isArray(modifier)) throw new Error('Pipeline updates are not evaluated.');
    const { matched, upsertedId } = upsertOne(documents, filter, modifier, upsert ?? false);
    if (matched) matchedCount += 1;
    if (upsertedId !== undefined) upsertedIds[index] = upsertedId;
  });
  return { matchedCount, upsertedIds };
}

/*
 * A stand-in for the few driver calls the repositories make, over mingo, so the contract suite can run the
 * adapter's repository code without a server. It has no isolation: a "transaction" runs its work as is, so
 * it says nothing about concurrency beyond what interleaved awaits exercise. Unique indexes are enforced.
 */

class DuplicateKeyError extends Error {
  readonly code = 11000;
}

const copy = <T>(value: T): T => structuredClone(value);

interface FindSpec {
  sort?: Sort;
  limit?: number;
  projection?: Document;
}

class MingoCollection {
  readonly documents: Documents = [];
  /** Unique indexes: their keys, and the filter of a partial index (only documents matching it count). */
  private readonly uniqueKeys: { keys: string[]; partial?: Document }[] = [];

  /** `collections` resolves the other collections of the database, for `$lookup`. */
  constructor(private readonly collections: (name: string) => Documents) {}

  createIndexes(indexes: IndexDescription[]) {
    for (const index of indexes)
      if (index.unique)
        this.uniqueKeys.push({
          keys: Object.keys(index.key),
          ...(index.partialFilterExpression && { partial: index.partialFilterExpression }),
        });
    return Promise.resolve([]);
  }

  private insertChecked(document: StoredDocument) {
    for (const { keys, partial } of [{ keys: ['_id'] }, ...this.uniqueKeys]) {
      const indexed = (candidate: StoredDocument) =>
        !partial || find([candidate], partial as AnyObject).all().length > 0;
      if (!indexed(document)) continue;
      const taken = this.documents.some(
        (stored) => indexed(stored) && keys.every((key) => stored[key] === document[key]),
      );
      if (taken) throw new DuplicateKeyError(`E11000 duplicate key on ${keys.join(', ')}`);
    }
    this.documents.push(copy(document));
  }

  private select(filter: Filter<StoredDocument>, { sort, limit, projection }: FindSpec = {}): Documents {
    let cursor = find(this.documents, filter as AnyObject, projection as AnyObject);
    if (sort) cursor = cursor.sort(sort as AnyObject);
    if (limit) cursor = cursor.limit(limit);
    return copy(cursor.all() as Documents);
  }

  find(filter: Filter<StoredDocument>, options?: FindSpec) {
    return { toArray: () => Promise.resolve(this.select(filter, options)) };
  }

  findOne(filter: Filter<StoredDocument>, options?: FindSpec) {
    return Promise.resolve(this.select(filter, { ...options, limit: 1 })[0] ?? null);
  }

  insertOne(document: StoredDocument) {
    this.insertChecked(document);
    return Promise.resolve({ acknowledged: true });
  }

  insertMany(documents: Documents) {
    for (const document of documents) this.insertChecked(document);
    return Promise.resolve({ acknowledged: true });
  }

  updateOne(
    filter: Filter<StoredDocument>,
    update: UpdateFilter<StoredDocument>,
    { upsert = false }: { upsert?: boolean } = {},
  ) {
    const { matched, upsertedId } = upsertOne(this.documents, filter, update, upsert);
    return Promise.resolve({
      matchedCount: matched ? 1 : 0,
      upsertedCount: upsertedId === undefined ? 0 : 1,
    });
  }

  updateMany(filter: Filter<StoredDocument>, modifier: UpdateFilter<StoredDocument>) {
    const { matchedCount } = updateMany(this.documents, filter as AnyObject, modifier as AnyObject);
    return Promise.resolve({ matchedCount });
  }

  findOneAndUpdate(
    filter: Filter<StoredDocument>,
    update: UpdateFilter<StoredDocument>,
    { upsert = false, returnDocument = 'before' }: { upsert?: boolean; returnDocument?: 'before' | 'after' },
  ) {
    const before = this.select(filter, { limit: 1 })[0] ?? null;
    const { upsertedId } = upsertOne(this.documents, filter, update, upsert);
    if (returnDocument === 'before') return Promise.resolve(before);
    // The document the update matched or inserted, even when the update made it leave the filter.
    const id = upsertedId ?? before?._id;
    return id === undefined ? Promise.resolve(null) : this.findOne({ _id: id });
  }

  bulkWrite(operations: AnyBulkWriteOperation<StoredDocument>[]) {
    return Promise.resolve(bulkWrite(this.documents, operations));
  }

  deleteOne(filter: Filter<StoredDocument>) {
    const [target] = this.select(filter, { limit: 1 });
    const index = this.documents.findIndex((document) => document._id === target?._id);
    if (index >= 0) this.documents.splice(index, 1);
    return Promise.resolve({ deletedCount: index >= 0 ? 1 : 0 });
  }

  deleteMany(filter: Filter<StoredDocument>) {
    const doomed = new Set(this.select(filter).map((document) => document._id));
    const before = this.documents.length;
    this.documents.splice(0, this.documents.length, ...this.documents.filter((d) => !doomed.has(d._id)));
    return Promise.resolve({ deletedCount: before - this.documents.length });
  }

  countDocuments(filter: Filter<StoredDocument>) {
    return Promise.resolve(this.select(filter).length);
  }

  aggregate(pipeline: Document[]) {
    return { toArray: () => Promise.resolve(aggregated(this.documents, pipeline, this.collections)) };
  }

  distinct(field: string, filter: Filter<StoredDocument>) {
    return Promise.resolve([...new Set(this.select(filter).map((document) => document[field]))]);
  }
}

/** A client and database over mingo collections, shaped like the driver's for `storeOver`. */
export function mingoDatabase() {
  const collections = new Map<string, MingoCollection>();
  const documentsOf = (name: string): Documents => collections.get(name)?.documents ?? [];
  const db = {
    collection(name: string) {
      let collection = collections.get(name);
      if (!collection) collections.set(name, (collection = new MingoCollection(documentsOf)));
      return collection;
    },
    listCollections: () => ({
      toArray: () => Promise.resolve([...collections.keys()].map((name) => ({ name }))),
    }),
    createCollection(name: string) {
      return Promise.resolve(db.collection(name));
    },
    command: () => Promise.resolve({ ok: 1 }),
  };
  const session = { withTransaction: <T>(work: () => Promise<T>) => work() };
  const client = {
    withSession: <T>(work: (s: typeof session) => Promise<T>) => work(session),
    close: () => Promise.resolve(),
  };
  return { client: client as unknown as MongoClient, db: db as unknown as Db };
}
