import { describe, expect, it } from 'vitest';
import type { Clock } from './clock.js';
import { TokenBucket } from './token-bucket.js';

function manualClock(): Clock & { advance(ms: number): void; sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return { sleeps, now: () => now, advance: (ms) => (now += ms), sleep: async (ms) => void sleeps.push(ms) };
}

describe('token bucket', () => {
  it('lets a burst through, then makes each caller wait for its own slot', async () => {
    const clock = manualClock();
    const bucket = new TokenBucket(10, 2, clock);
    for (let i = 0; i < 5; i++) await bucket.take();
    expect(clock.sleeps).toEqual([100, 200, 300]);
  });

  it('refills with time, up to its capacity', async () => {
    const clock = manualClock();
    const bucket = new TokenBucket(10, 2, clock);
    await bucket.take();
    await bucket.take();
    clock.advance(60_000);
    for (let i = 0; i < 3; i++) await bucket.take();
    expect(clock.sleeps).toEqual([100]);
  });

  it('drained, it stays empty until the given time, then refills at the rate', async () => {
    const clock = manualClock();
    const bucket = new TokenBucket(10, 5, clock);
    bucket.drain(1000);
    await bucket.take();
    clock.advance(1000);
    await bucket.take();
    // Slots at 1100 and 1200: the second caller, at 1000, waits 200 ms.
    expect(clock.sleeps).toEqual([1100, 200]);
  });
});
