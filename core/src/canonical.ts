import { createHash } from 'node:crypto';
import { memoized } from './memo.js';

/** JSON with object keys sorted at every level: equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  // The direct writer serves parsed JSON (plain objects, arrays, primitives), each record's hash on every
  // pull, at a third of the replacer's cost (it copied every object to sort it). Anything else takes the
  // replacer, so the text stays exactly what stored hashes were computed from.
  try {
    const text = plainJson(value);
    if (text !== undefined) return text;
  } catch (error) {
    if (error !== NOT_PLAIN) throw error;
  }
  return replacerJson(value);
}

function replacerJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    return Object.fromEntries(
      Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  });
}

const NOT_PLAIN = Symbol('not plain JSON');
/** Keys an object enumerates before its others whatever their order (array indices): left to the replacer. */
function indexLike(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57;
}

/** JSON.stringify's text with sorted keys, or undefined where it writes nothing; throws NOT_PLAIN otherwise. */
function plainJson(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw NOT_PLAIN;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype || 'toJSON' in value) throw NOT_PLAIN;
    let text = '[';
    for (let i = 0; i < value.length; i += 1) text += (i > 0 ? ',' : '') + (plainJson(value[i]) ?? 'null');
    return text + ']';
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || 'toJSON' in (value as object)) throw NOT_PLAIN;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  for (const key of keys) if (indexLike(key)) throw NOT_PLAIN;
  // The default sort compares UTF-16 code units, as `a < b` does on strings: the same order, sorted natively.
  keys.sort();
  let text = '{';
  for (const key of keys) {
    const inner = plainJson(object[key]);
    if (inner === undefined) continue;
    text += (text.length > 1 ? ',' : '') + quotedKey(key) + ':' + inner;
  }
  return text + '}';
}

/** Keys written as JSON strings, kept: records of one system repeat the same few field names. */
const quotedKey = memoized((key) => JSON.stringify(key), 10_000);

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
