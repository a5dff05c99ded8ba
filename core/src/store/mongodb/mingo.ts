import { aggregate, find, update, updateOne } from 'mingo';
import type { AnyObject } from 'mingo/types';
import type { AnyBulkWriteOperation, Document, Filter, UpdateFilter } from 'mongodb';
import type { StoredDocument } from './codec.js';

/*
 * Test support: evaluates the documents of queries.ts over in-memory documents with mingo, the way a
 * MongoDB server would. mingo has no upsert and no `$setOnInsert`; `upsertOne` adds them as the server
 * defines them (an insert starts from the filter's equality fields, then `$setOnInsert`, then the update).
 */

export type Documents = StoredDocument[];

export const matching = (documents: Documents, filter: Filter<StoredDocument>): Documents =>
  find(documents, filter as AnyObject).all() as Documents;

export const aggregated = <T>(documents: Documents, pipeline: Document[]): T[] =>
  aggregate(documents, pipeline) as T[];

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
