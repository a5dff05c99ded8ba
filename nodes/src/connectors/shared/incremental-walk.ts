import type { SourcePage } from '../connector.js';
import { instantOf, SECOND_MICROS } from './instant.js';

/** A window of the source: records updated at or after `from` (all when null), in update order, past `skip`. */
export interface WindowQuery {
  from: number | null;
  skip: number;
}

export interface WindowPage {
  records: Record<string, unknown>[];
  /** The source says more records follow this page. */
  more: boolean;
}

export interface IncrementalWalk {
  fetch(query: WindowQuery): Promise<WindowPage>;
  idField: string;
  updatedField: string;
  /** Microseconds, inclusive; the connector has already subtracted its overlap. */
  from: number | null;
  /** Microseconds, inclusive; records updated later are left for a later run. */
  until: number | null;
}

/**
 * Pages through a source ordered by update time, re-anchoring every page at the last update time
 * seen instead of following a growing offset: a record changed mid-walk moves to the end of the
 * order, which would shift an offset past a record nobody has read. `skip` only steps over the
 * records that share the anchor's instant and were already read.
 *
 * A record is yielded again only in a newer version (dedup by id within the walk), so the overlap
 * window and re-anchoring never repeat one. Each page's cursor is the latest update time yielded.
 */
export async function* walkIncrementally(walk: IncrementalWalk): AsyncGenerator<SourcePage> {
  const yielded = new Map<string, number>();
  let cursor: { at: number; raw: string } | null = null;
  let query: WindowQuery = { from: walk.from, skip: 0 };
  for (;;) {
    const page = await walk.fetch(query);
    const fresh: Record<string, unknown>[] = [];
    let beyondRange = false;
    for (const record of page.records) {
      const at = instantOf(record[walk.updatedField]);
      const id = String(record[walk.idField]);
      if (at === undefined) throw new Error(`record ${id} has no readable ${walk.updatedField}`);
      if (walk.until !== null && at > walk.until) {
        beyondRange = true;
        break;
      }
      const before = yielded.get(id);
      if (before !== undefined && before >= at) continue;
      yielded.set(id, at);
      fresh.push(record);
      if (cursor === null || at > cursor.at) cursor = { at, raw: String(record[walk.updatedField]) };
    }
    if (fresh.length > 0) yield { records: fresh, cursor: cursor?.raw ?? null };
    const last = page.records.at(-1);
    if (beyondRange || !page.more || last === undefined) return;
    query = nextWindow(query, page.records, instantOf(last[walk.updatedField]) ?? 0, walk.updatedField);
  }
}

function nextWindow(
  query: WindowQuery,
  records: Record<string, unknown>[],
  lastAt: number,
  updatedField: string,
): WindowQuery {
  if (lastAt === query.from) return { from: lastAt, skip: query.skip + records.length };
  const tied = records.filter((record) => instantOf(record[updatedField]) === lastAt).length;
  return { from: lastAt, skip: tied };
}

/** Where an incremental walk starts: the saved cursor minus the overlap, or the beginning. */
export function walkStart(updatedAfter: string | null, overlapMicros: number): number | null {
  if (updatedAfter === null) return null;
  const at = instantOf(updatedAfter);
  if (at === undefined) throw new Error(`the saved cursor "${updatedAfter}" is not a date-time`);
  return at - overlapMicros;
}

export function walkEnd(updatedBefore: string | null | undefined): number | null {
  if (updatedBefore === undefined || updatedBefore === null) return null;
  const at = instantOf(updatedBefore);
  if (at === undefined) throw new Error(`the date range end "${updatedBefore}" is not a date-time`);
  return at;
}

const DEFAULT_OVERLAP_SECONDS = 60;

/** The connection's `overlapSeconds` option (default 60 s): how far before the saved cursor a walk starts again. */
export function overlapMicros(options: Record<string, unknown>): number {
  const seconds = options.overlapSeconds;
  return (typeof seconds === 'number' && seconds >= 0 ? seconds : DEFAULT_OVERLAP_SECONDS) * SECOND_MICROS;
}
