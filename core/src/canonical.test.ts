import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from './canonical.js';

describe('canonical JSON and content hash', () => {
  it('gives the same text whatever the key order, at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, { y: 2, z: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('changes when a value changes and ignores volatile fields', () => {
    const issue = { uid: 'u1', title: 'Leak', photos: { url: 'https://signed/1' } };
    expect(contentHash(issue)).not.toBe(contentHash({ ...issue, title: 'Leak!' }));
    expect(contentHash(issue, ['photos'])).toBe(
      contentHash({ ...issue, photos: { url: 'https://signed/2' } }, ['photos']),
    );
    expect(contentHash(issue)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes the same text as sorting keys in a JSON.stringify replacer, so stored hashes stay valid', () => {
    const reference = (value: unknown) =>
      JSON.stringify(value, (_key, inner: unknown) =>
        inner === null || typeof inner !== 'object' || Array.isArray(inner)
          ? inner
          : Object.fromEntries(
              Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
            ),
      );
    const values: unknown[] = [
      { uid: 'u1', title: 'Leak "north" \\ \u2028 \ud800', status: { label: 'Open', value: 'open' }, n: -0 },
      { b: [1, undefined, () => 1, NaN, Infinity, null, { y: 2, x: [] }], a: undefined, c: Symbol('s') },
      { '10': 'ten', '2': 'two', b: 1, a: 2, '1x': 3 },
      { at: new Date(0), nested: { when: new Date(1000), list: [new Date(2000)] } },
      Object.assign(Object.create(null) as object, { z: 1, a: { q: true, p: false } }),
      { map: new Map([['a', 1]]), boxed: new String('s'), __proto__x: 1, '': 'empty', é: 1, Z: 2, _: 3 },
      // Keys ordered by UTF-16 code units: an astral character sorts before U+FFFF.
      { '\uffff': 1, '😀': 2, ab: 3, a: 4, 'a\u0000': 5, '"q"': 6 },
      [],
      {},
      'text',
      42.5,
      null,
      undefined,
    ];
    for (const value of values) expect(canonicalJson(value)).toBe(reference(value));
    expect(() => canonicalJson({ big: 1n })).toThrow();
  });
});
