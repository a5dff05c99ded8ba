import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level: equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    return Object.fromEntries(
      Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  });
}

/**
 * A stable content hash (sha256, hex) of a value, leaving out top-level fields that change without the
 * record changing (e.g. a signed photo URL that is re-issued on every read).
 */
export function contentHash(value: unknown, volatileFields: readonly string[] = []): string {
  let subject = value;
  if (volatileFields.length > 0 && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const copy = { ...(value as Record<string, unknown>) };
    for (const field of volatileFields) delete copy[field];
    subject = copy;
  }
  return createHash('sha256').update(canonicalJson(subject)).digest('hex');
}
