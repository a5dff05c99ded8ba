import { describe, expect, it } from 'vitest';
import { tickerFor } from './cron.js';
import { offsetFor, periodMs, SPREAD_WINDOW_MAX_MS, spreadOffsetMs } from './spread.js';

const ids = Array.from({ length: 1000 }, (_, i) => `01a25000-0000-7000-8000-${String(i).padStart(12, '0')}`);
const EVERY_MINUTE = { kind: 'cron', expression: '* * * * *' } as const;

describe('schedule spread', () => {
  it('gives each integration a stable offset within its period', () => {
    const offsets = ids.map((id) => offsetFor(id, EVERY_MINUTE, 'UTC'));
    expect(ids.map((id) => offsetFor(id, EVERY_MINUTE, 'UTC'))).toEqual(offsets);
    expect(offsets.every((offset) => Number.isInteger(offset) && offset >= 0 && offset < 60_000)).toBe(true);
    // A thousand every-minute integrations fill the minute: no ten-second slice holds more than a quarter.
    const slices = Array.from(
      { length: 6 },
      (_, s) => offsets.filter((o) => Math.floor(o / 10_000) === s).length,
    );
    expect(Math.max(...slices)).toBeLessThan(250);
    expect(Math.min(...slices)).toBeGreaterThan(100);
  });

  it('keeps long periods near their time, exact crons exact, and second-level schedules as they are', () => {
    expect(periodMs({ kind: 'cron', expression: '0 9 * * *' }, 'Europe/Paris')).toBe(24 * 3600_000);
    const daily = ids.map((id) => offsetFor(id, { kind: 'cron', expression: '0 9 * * *' }, 'Europe/Paris'));
    expect(Math.max(...daily)).toBeLessThan(SPREAD_WINDOW_MAX_MS);
    expect(offsetFor(ids[1]!, { ...EVERY_MINUTE, spread: false }, 'UTC')).toBe(0);
    expect(offsetFor(ids[1]!, { kind: 'interval', everySeconds: 1 }, 'UTC')).toBe(0);
    expect(spreadOffsetMs(ids[1]!, 5 * 60_000)).toBe(
      offsetFor(ids[1]!, { kind: 'interval', everySeconds: 300 }, 'UTC'),
    );
  });

  it('tells the next tick at the cron time plus the offset', () => {
    const offset = offsetFor(ids[7]!, EVERY_MINUTE, 'UTC');
    const ticker = tickerFor(EVERY_MINUTE, 'UTC', offset, () => undefined);
    try {
      const next = ticker.nextRun()!;
      const onTheMinute = next.getTime() - offset;
      expect(onTheMinute % 60_000).toBe(0);
      expect(onTheMinute).toBeGreaterThan(Date.now() - 60_000);
    } finally {
      ticker.stop();
    }
  });
});
