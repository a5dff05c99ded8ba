import { describe, expect, it } from 'vitest';
import { afterFailure, failureOf } from '@isync/nodes';
import { mappingFailureOf, type Mapped } from './pairs.js';

const mapped = (entries: Record<string, Mapped>) => new Map(Object.entries(entries));
const fields = (values: Record<string, unknown>): Mapped => ({ fields: values });
const lookupFailed: Mapped = {
  failed: { nodeId: 'room', kind: 'api-5xx', message: 'Looking up room failed: Nuvolo answered 503' },
};
const cannotMap: Mapped = {
  failed: { nodeId: 'status', kind: 'mapping', message: 'Status "archived" has no mapping' },
};

describe('whether a pair can be synced this run', () => {
  it('can when every mapping went through', () => {
    const ok = mapped({ r1: fields({ title: 'A' }) });
    expect(mappingFailureOf('r1', { now: [ok, ok], before: [ok, ok] })).toBeUndefined();
  });

  it('cannot when a mapping of the record as it is now failed, for good or for a while', () => {
    const ok = mapped({ r1: fields({ title: 'A' }) });
    expect(mappingFailureOf('r1', { now: [ok, mapped({ r1: cannotMap })], before: [ok, ok] })).toMatchObject({
      nodeId: 'status',
      kind: 'mapping',
    });
    expect(
      mappingFailureOf('r1', { now: [mapped({ r1: lookupFailed }), ok], before: [ok, ok] }),
    ).toMatchObject({
      kind: 'api-5xx',
    });
  });

  it('waits out a mapping as of the last sync that failed for a while, and the record is tried again', () => {
    const ok = mapped({ r1: fields({ title: 'A' }) });
    const failed = mappingFailureOf('r1', { now: [ok, ok], before: [mapped({ r1: lookupFailed }), ok] });
    expect(failed).toMatchObject({ nodeId: 'room', kind: 'api-5xx' });
    const now = new Date('2026-12-07T12:00:00Z');
    const next = afterFailure(failureOf(failed!.kind, failed!.message), 1, {
      now,
      maxAttempts: 5,
      retryBaseMs: 30_000,
    });
    expect(next.nextAttemptAt).toEqual(new Date('2026-12-07T12:00:30Z'));
  });

  it('goes by the fields as they are now when the old data no longer maps at all', () => {
    const ok = mapped({ r1: fields({ title: 'A' }) });
    expect(
      mappingFailureOf('r1', { now: [ok, ok], before: [mapped({ r1: cannotMap }), ok] }),
    ).toBeUndefined();
  });

  it('reads only the record asked about', () => {
    const others = mapped({ r2: lookupFailed });
    expect(mappingFailureOf('r1', { now: [others, others], before: [others, others] })).toBeUndefined();
  });
});
