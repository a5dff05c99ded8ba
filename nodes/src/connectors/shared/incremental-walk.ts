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
 * order, which would shift an offset past a record nobody has read.
 *
 * The ledger keeps the overlap window and re-anchoring from repeating a record.
 */
export async function* walkIncrementally(walk: IncrementalWalk): AsyncGenerator<SourcePage> {
  const ledger = new WalkLedger(walk.idField, walk.updatedField, walk.until);
  let query: WindowQuery = { from: walk.from, skip: 0 };
  for (;;) {
    const page = await walk.fetch(query);
    const taken = ledger.take(page.records);
    if (taken && taken.page.records.length > 0) yield taken.page;
    const last = page.records.at(-1);
    if (taken?.beyondRange || !page.more || last === undefined) return;
    query = nextWindow(query, page.records, instantOf(last[walk.updatedField]) ?? 0);
  }
}

/**
 * What one walk has yielded: a record passes again only in a newer version, and the cursor is the
 * latest update time yielded. Records past `until` end the walk when the source is in update order.
 */
export class WalkLedger {
  private readonly yielded = new Map<string, number>();
  private cursor: { at: number; raw: string } | null = null;

  constructor(
    private readonly idField: string,
    private readonly updatedField: string,
    private readonly until: number | null,
  ) {}

  /** The page to yield (null when nothing is new), and whether a record lay past the range end. */
  take(records: Record<string, unknown>[]): { page: SourcePage; beyondRange: boolean } | null {
    const fresh: Record<string, unknown>[] = [];
    let beyondRange = false;
    for (const record of records) {
      const at = instantOf(record[this.updatedField]);
      const id = String(record[this.idField]);
      if (at === undefined) throw new Error(`record ${id} has no readable ${this.updatedField}`);
      if (this.until !== null && at > this.until) {
        beyondRange = true;
        continue;
      }
      const before = this.yielded.get(id);
      if (before !== undefined && before >= at) continue;
      this.yielded.set(id, at);
      fresh.push(record);
      if (this.cursor === null || at > this.cursor.at)
        this.cursor = { at, raw: String(record[this.updatedField]) };
    }
    if (fresh.length === 0 && !beyondRange) return null;
    return { page: { records: fresh, cursor: this.cursor?.raw ?? null }, beyondRange };
  }
}

/**
 * The next window starts at the last instant read, again from its first record: the ledger drops
 * the ones already yielded. Counting them off with `skip` instead would lose a record whenever one
 * of them changes before the next request and leaves that instant. Only a page that lies wholly at
 * its anchor instant moves on by `skip`, or a tie larger than a page would never end.
 */
function nextWindow(query: WindowQuery, records: Record<string, unknown>[], lastAt: number): WindowQuery {
  return lastAt === query.from
    ? { from: lastAt, skip: query.skip + records.length }
    : { from: lastAt, skip: 0 };
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
