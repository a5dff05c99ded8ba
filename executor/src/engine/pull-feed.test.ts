import type { SyncRecord } from '@isync/core';
import { describe, expect, it } from 'vitest';
import { PullFeed } from './pull-feed.js';
import { RunAborted } from './stop.js';

/** Only what the feed reads of a claimed record. */
const claimed = (...sourceIds: string[]) => sourceIds.map((sourceId) => ({ sourceId }) as SyncRecord);

/** Whether a promise has settled once everything queued before this call has run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('pull feed (a one-way run pushing while it pulls)', () => {
  it('stores a page only once the batch in hand holding one of its records is released', async () => {
    const feed = new PullFeed();
    const { release } = await feed.claim(async () => claimed('a', 'b'));
    const writes: string[] = [];
    const untouched = feed.store(['c'], async () => writes.push('page without a or b'));
    const overlapping = feed.store(['x', 'b'], async () => writes.push('page with b'));
    expect(await settled(untouched)).toBe(true);
    expect(await settled(overlapping)).toBe(false);
    expect(writes).toEqual(['page without a or b']);
    release();
    await overlapping;
    expect(writes).toEqual(['page without a or b', 'page with b']);
    expect(feed.stored).toBe(2);
  });

  it('tells the push when a page is stored after the ones it saw, or that the pull ended', async () => {
    const feed = new PullFeed();
    const waiting = feed.more(0);
    expect(await settled(waiting)).toBe(false);
    await feed.store(['a'], async () => undefined);
    expect(await settled(waiting)).toBe(true);
    const last = feed.more(1);
    feed.end('failed');
    expect(await settled(last)).toBe(true);
    expect(feed.ended && feed.failed).toBe(true);
  });

  it('stops the pull at its next page once the push failed: nothing more is written', async () => {
    const feed = new PullFeed();
    await feed.store(['a'], async () => undefined);
    feed.halt();
    let written = false;
    await expect(feed.store(['b'], async () => (written = true))).rejects.toBeInstanceOf(RunAborted);
    expect(written).toBe(false);
    expect(feed.stored).toBe(1);
  });
});
