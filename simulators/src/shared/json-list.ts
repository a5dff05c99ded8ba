const COMMA = Buffer.from(',');

/**
 * `head` + items joined by commas + `tail`, as bytes. List pages are built from records whose JSON
 * is cached as bytes, so that a page costs a copy rather than a serialization and an encoding.
 */
export function joinJson(head: string, items: readonly Buffer[], tail: string): Uint8Array<ArrayBuffer> {
  const parts: Buffer[] = [Buffer.from(head)];
  items.forEach((item, index) => {
    if (index > 0) parts.push(COMMA);
    parts.push(item);
  });
  parts.push(Buffer.from(tail));
  return Buffer.concat(parts) as Uint8Array<ArrayBuffer>;
}

/** A per-object cache of JSON bytes, valid while `key` stays the same. */
export function jsonCache<T extends object>() {
  const cache = new WeakMap<T, { key: string; json: Buffer }>();
  return (value: T, key: string, render: () => unknown): Buffer => {
    const cached = cache.get(value);
    if (cached?.key === key) return cached.json;
    const json = Buffer.from(JSON.stringify(render()));
    cache.set(value, { key, json });
    return json;
  };
}
