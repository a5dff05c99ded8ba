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
});
