import type { ClientSession, MongoClient } from 'mongodb';

const DUPLICATE_KEY = 11000;

/** A unique index refused a write (directly, or as one of a bulk write's errors). */
export function isDuplicateKey(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if ('code' in error && error.code === DUPLICATE_KEY) return true;
  const writeErrors = 'writeErrors' in error ? error.writeErrors : undefined;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return list.some((writeError: { code?: unknown }) => writeError.code === DUPLICATE_KEY);
}

/**
 * Runs `work` in one transaction (snapshot reads, majority commit). The driver retries `work` on transient
 * errors such as a write conflict with a concurrent transaction, so `work` must only write through the
 * session and decide everything from what it reads there.
 */
export function inTransaction<T>(
  client: MongoClient,
  work: (session: ClientSession) => Promise<T>,
): Promise<T> {
  return client.withSession((session) =>
    session.withTransaction(() => work(session), {
      readConcern: { level: 'snapshot' },
      writeConcern: { w: 'majority' },
    }),
  );
}
