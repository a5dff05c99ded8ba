import { createHash } from 'node:crypto';
import type { PulledRecord } from '../domain/record.js';

/** A pulled PlanGrid-like issue; the hash follows the data so a changed field is a changed record. */
export function pulledIssue(sourceId: string, fields: Record<string, unknown> = {}): PulledRecord {
  const sourceData = { uid: sourceId, title: `Issue ${sourceId}`, status: 'open', ...fields };
  return {
    sourceId,
    sourceHash: createHash('sha256').update(JSON.stringify(sourceData)).digest('hex'),
    sourceData,
    sourceStatus: typeof sourceData.status === 'string' ? sourceData.status : null,
  };
}

export const pulledIssues = (count: number, prefix = 'pg-'): PulledRecord[] =>
  Array.from({ length: count }, (_, i) => pulledIssue(`${prefix}${String(i).padStart(5, '0')}`));

/** A clock tests can set and move. */
export function testClock(start = '2026-03-02T09:00:00.000Z') {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set(iso: string) {
      now = new Date(iso);
    },
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
  };
}
