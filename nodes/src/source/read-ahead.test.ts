import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead.js';

/** A source of pages whose fetches the test answers; it logs what happens in order. */
function pages(count: number, failAt?: number) {
  const log: string[] = [];
  const waiting: Array<() => void> = [];
  async function* source() {
    try {
      for (let page = 1; page <= count; page += 1) {
        log.push(`fetch ${page}`);
        await new Promise<void>((resolve) => waiting.push(resolve));
        if (page === failAt) throw new Error(`page ${page} failed`);
        yield page;
      }
    } finally {
      log.push('closed');
    }
  }
  /** Answers the fetch in flight once it has begun. */
  const answer = async () => {
    while (waiting.length === 0) await new Promise((resolve) => setImmediate(resolve));
    waiting.shift()!();
  };
  return { source: source(), log, answer };
}

describe('readAhead', () => {
  it('asks for the next page while the consumer works on the one it has', async () => {
    const { source, log, answer } = pages(3);
    const reader = readAhead(source);
    const first = reader.next();
    await answer();
    expect(await first).toEqual({ value: 1, done: false });
    // The consumer holds page 1 and has not asked for more: page 2 is already on its way.
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['fetch 1', 'fetch 2']);
    await answer();
    expect(await reader.next()).toEqual({ value: 2, done: false });
    await answer();
    expect(await reader.next()).toEqual({ value: 3, done: false });
    expect(await reader.next()).toEqual({ value: undefined, done: true });
    expect(log).toEqual(['fetch 1', 'fetch 2', 'fetch 3', 'closed']);
  });

  it('tells a failure when the consumer reaches it, after every page before it', async () => {
    const { source, answer } = pages(3, 2);
    const seen: number[] = [];
    const consume = (async () => {
      for await (const page of readAhead(source)) seen.push(page);
    })();
    await answer();
    await answer();
    await expect(consume).rejects.toThrow('page 2 failed');
    expect(seen).toEqual([1]);
  });

  it('closes the source when the consumer stops early, once the page asked for ahead has arrived', async () => {
    const { source, log, answer } = pages(5);
    const consume = (async () => {
      for await (const page of readAhead(source)) if (page === 1) break;
    })();
    await answer();
    await answer(); // the page fetched ahead, dropped
    await consume;
    expect(log).toEqual(['fetch 1', 'fetch 2', 'closed']);
  });
});
