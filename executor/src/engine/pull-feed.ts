import pLimit from 'p-limit';
import type { SyncRecord } from '@isync/core';
import { RunAborted } from './stop.js';

/** A batch claimed while the pull runs, held until its outcomes are stored. */
export interface HeldBatch {
  batch: SyncRecord[];
  /** Called once the batch's outcomes are stored: the pull may then store new versions of its records. */
  release(): void;
}

/**
 * A one-way run pushes while it pulls: the push claims what the pull has stored so far. This is what the two
 * share. It tells the push when the pull has stored more or is through, and keeps them from crossing on a
 * record: a page is stored only once no batch in hand holds one of its records (the batch's outcome would
 * otherwise overwrite the change the page brought, and the change would never be pushed), and never while a
 * batch is being claimed (so a claim reads each record either before a page or after it, whole).
 */
export class PullFeed {
  private storedPages = 0;
  private over: 'pulled' | 'failed' | null = null;
  private halted = false;
  private waiting: (() => void)[] = [];
  private readonly inHand = new Map<string, Promise<void>>();
  /** Claims and page stores take turns. */
  private readonly turn = pLimit(1);

  /** How many pages the pull has stored so far: `more(since)` waits for the next. */
  get stored(): number {
    return this.storedPages;
  }

  /** The pull is through (or failed, or was stopped): nothing more will be stored. */
  get ended(): boolean {
    return this.over !== null;
  }

  /** The pull ended without reaching the source's end: records it did not store wait for the next run. */
  get failed(): boolean {
    return this.over === 'failed';
  }

  /** Resolves once the pull has stored a page after the `since`-th, or has ended. */
  more(since: number): Promise<void> {
    if (this.storedPages > since || this.over) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Told by the run when the pull is through or failed. */
  end(how: 'pulled' | 'failed'): void {
    this.over ??= how;
    this.wake();
  }

  /** The push failed: the pull stops at its next page, leaving what it did not store for the next run. */
  halt(): void {
    this.halted = true;
  }

  /** Stores one page of records with these source ids, once no batch in hand holds any of them. */
  async store<T>(sourceIds: Iterable<string>, write: () => Promise<T>): Promise<T> {
    const written = await this.turn(async () => {
      if (this.halted) throw new RunAborted('The push failed; the pull stopped with it.');
      const holding = new Set<Promise<void>>();
      for (const sourceId of sourceIds) {
        const settled = this.inHand.get(sourceId);
        if (settled) holding.add(settled);
      }
      await Promise.all(holding);
      return write();
    });
    this.storedPages += 1;
    this.wake();
    return written;
  }

  /** Claims a batch between page stores and holds its records until it is released. */
  claim(read: () => Promise<SyncRecord[]>): Promise<HeldBatch> {
    return this.turn(async () => {
      const batch = await read();
      let settle = () => {};
      const settled = new Promise<void>((resolve) => (settle = resolve));
      for (const record of batch) this.inHand.set(record.sourceId, settled);
      const release = () => {
        for (const record of batch)
          if (this.inHand.get(record.sourceId) === settled) this.inHand.delete(record.sourceId);
        settle();
      };
      return { batch, release };
    });
  }

  private wake(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}
