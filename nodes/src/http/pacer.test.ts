import { describe, expect, it } from 'vitest';
import type { Clock } from './clock.js';
import { Pacer } from './pacer.js';
import { TokenBucket } from './token-bucket.js';

/** Time moves only when told; sleeps end in time order, each followed by whatever it set going. */
function virtualClock() {
  let now = 0;
  const timers: { at: number; wake: () => void }[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: (ms) => new Promise((resolve) => void timers.push({ at: now + ms, wake: resolve })),
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  async function advanceTo(time: number) {
    await settle();
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next || next.at > time) break;
      timers.shift();
      now = next.at;
      next.wake();
      await settle();
    }
    now = time;
  }
  return { clock, advanceTo };
}

/** Asks the pacer `count` times at once; answers when each may send. */
function readyTimes(pacer: Pacer, clock: Clock, count: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) void pacer.ready().then(() => times.push(clock.now()));
  return times;
}

describe('pacer', () => {
  it('holds back a request that took its token before a pause, then spaces it by the rate', async () => {
    const { clock, advanceTo } = virtualClock();
    const pacer = new Pacer(clock, new TokenBucket(10, 1, clock));
    const times = readyTimes(pacer, clock, 3);
    await advanceTo(50);
    expect(times).toEqual([0]);
    // The first request got a 429 asking for 1 s: the two waiting for their slots (100, 200) must not go.
    pacer.pause(1000);
    await advanceTo(1049);
    expect(times).toEqual([0]);
    await advanceTo(5000);
    expect(times).toEqual([0, 1150, 1250]);
  });

  it('drains the bucket with a pause, so a full bucket does not burst when the pause ends', async () => {
    const { clock, advanceTo } = virtualClock();
    const pacer = new Pacer(clock, new TokenBucket(10, 5, clock));
    await advanceTo(1000);
    pacer.pause(500);
    const times = readyTimes(pacer, clock, 3);
    await advanceTo(5000);
    expect(times).toEqual([1600, 1700, 1800]);
  });

  it('drains the bucket on a 429 that names no wait', async () => {
    const { clock, advanceTo } = virtualClock();
    const pacer = new Pacer(clock, new TokenBucket(10, 5, clock));
    await advanceTo(1000);
    pacer.pause(0);
    const times = readyTimes(pacer, clock, 2);
    await advanceTo(5000);
    expect(times).toEqual([1100, 1200]);
  });

  it('lets the configured burst through at once, then the rate', async () => {
    const { clock, advanceTo } = virtualClock();
    const pacer = new Pacer(clock, new TokenBucket(10, 3, clock));
    const times = readyTimes(pacer, clock, 5);
    await advanceTo(5000);
    expect(times).toEqual([0, 0, 0, 100, 200]);
  });

  it('without a rate, only waits out pauses', async () => {
    const { clock, advanceTo } = virtualClock();
    const pacer = new Pacer(clock, undefined);
    pacer.pause(300);
    const times = readyTimes(pacer, clock, 2);
    await advanceTo(5000);
    expect(times).toEqual([300, 300]);
  });
});
