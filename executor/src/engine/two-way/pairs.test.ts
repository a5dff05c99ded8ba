import { describe, expect, it } from 'vitest';
import { mappingFailureOf, type Mapped } from './pairs.js';

const mapped = (entries: Record<string, Mapped>) => new Map(Object.entries(entries));
const ok = mapped({ r1: { fields: { title: 'A' } } });
const lookupFailed = mapped({
  r1: { failed: { nodeId: 'room', kind: 'api-5xx', message: 'Looking up room failed: Nuvolo answered 503' } },
});
const cannotMap = mapped({
  r1: { failed: { nodeId: 'status', kind: 'mapping', message: 'Status "archived" has no mapping' } },
});
const early = { lastAttempt: false };

describe('whether a pair can be synced this run', () => {
  it('can when every mapping went through', () => {
    expect(mappingFailureOf('r1', { now: [ok, ok], before: [ok, ok] }, early)).toBeUndefined();
  });

  it('cannot when a mapping of the record as it is now failed: tried again when that was for a while', () => {
    expect(mappingFailureOf('r1', { now: [ok, cannotMap], before: [ok, ok] }, early)).toEqual({
      nodeId: 'status',
      failure: expect.objectContaining({ kind: 'mapping', transient: false }),
    });
    expect(mappingFailureOf('r1', { now: [lookupFailed, ok], before: [ok, ok] }, early)).toEqual({
      nodeId: 'room',
      failure: expect.objectContaining({ kind: 'api-5xx', transient: true }),
    });
  });

  it('waits out a mapping as of the last sync that failed for a while', () => {
    expect(mappingFailureOf('r1', { now: [ok, ok], before: [lookupFailed, ok] }, early)).toEqual({
      nodeId: 'room',
      failure: expect.objectContaining({ kind: 'api-5xx', transient: true }),
    });
  });

  it('goes by the fields as they are now on its last attempt, or when the old data no longer maps at all', () => {
    const mappings = { now: [ok, ok], before: [lookupFailed, ok] };
    expect(mappingFailureOf('r1', mappings, { lastAttempt: true })).toBeUndefined();
    expect(mappingFailureOf('r1', { now: [ok, ok], before: [cannotMap, ok] }, early)).toBeUndefined();
  });

  it('reads only the record asked about', () => {
    const others = mapped({ r2: { failed: { nodeId: 'room', kind: 'timeout', message: 'no answer' } } });
    expect(
      mappingFailureOf('r1', { now: [others, others], before: [others, others] }, early),
    ).toBeUndefined();
  });
});
