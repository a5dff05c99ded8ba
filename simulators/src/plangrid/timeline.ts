interface Entry<T> {
  micros: number;
  uid: string;
  value: T;
}

const before = (a: { micros: number; uid: string }, b: { micros: number; uid: string }) =>
  a.micros < b.micros || (a.micros === b.micros && a.uid < b.uid);

/**
 * Records kept in (updated_at, uid) order, so that a page of "updated strictly after T" is a binary
 * search and a slice, not a sort of the whole collection per request.
 */
export class Timeline<T> {
  private sorted: Array<Entry<T>> = [];
  private byUid = new Map<string, Entry<T>>();

  get size(): number {
    return this.sorted.length;
  }

  get(uid: string): T | undefined {
    return this.byUid.get(uid)?.value;
  }

  /** Inserts or moves a record to its place for `micros`. */
  put(uid: string, micros: number, value: T): void {
    const old = this.byUid.get(uid);
    if (old) this.sorted.splice(this.indexOf(old), 1);
    const entry = { micros, uid, value };
    this.sorted.splice(this.insertionPoint(entry), 0, entry);
    this.byUid.set(uid, entry);
  }

  /** Records updated strictly after `afterMicros` (all when undefined), from `skip`, at most `limit`. */
  page(afterMicros: number | undefined, skip: number, limit: number): { total: number; items: T[] } {
    const start = afterMicros === undefined ? 0 : this.insertionPoint({ micros: afterMicros, uid: '\uffff' });
    const from = start + skip;
    return {
      total: this.sorted.length - start,
      items: this.sorted.slice(from, from + limit).map((entry) => entry.value),
    };
  }

  values(): T[] {
    return this.sorted.map((entry) => entry.value);
  }

  /** Index of the first entry not before `key`. */
  private insertionPoint(key: { micros: number; uid: string }): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (before(this.sorted[mid] as Entry<T>, key)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private indexOf(entry: Entry<T>): number {
    return this.insertionPoint(entry);
  }
}
